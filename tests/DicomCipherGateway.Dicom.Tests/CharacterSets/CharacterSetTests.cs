using System.Text;
using DicomCipherGateway.Dicom.CharacterSets;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Tests.CharacterSets;

public class CharacterSetTests
{
    private static readonly DicomTag PatientName = new(0x00100010);

    [Fact]
    public void Japanese_ISO_2022_IR_87_person_name_of_PS3_5_annex_H_decodes()
    {
        // PS3.5 H.3.1: Yamada^Tarou=<kanji>=<hiragana>, with ESC $ B / ESC ( B switching G0.
        var bytes = Concat(A("Yamada^Tarou="), Esc("$B"), [0x3B, 0x33, 0x45, 0x44], Esc("(B"), A("^"), Esc("$B"), [0x42, 0x40, 0x4F, 0x3A], Esc("(B"),
            A("="), Esc("$B"), [0x24, 0x64, 0x24, 0x5E, 0x24, 0x40], Esc("(B"), A("^"), Esc("$B"), [0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26], Esc("(B"));
        var ds = new DicomDataset();
        ds.SetStrings(new DicomTag(0x00080005), DicomVR.CS, ["", "ISO 2022 IR 87"]);
        ds.SetBytes(PatientName, DicomVR.PN, Pad(bytes));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", ds.GetString(PatientName));
    }

    [Fact]
    public void Korean_ISO_2022_IR_149_person_name_of_PS3_5_annex_I_decodes()
    {
        // PS3.5 I.2: Hong^Gildong=<hanja>=<hangul>, ESC $ ) C designates KS X 1001 to G1.
        var bytes = Concat(A("Hong^Gildong="), Esc("$)C"), [0xFB, 0xF3], A("^"), Esc("$)C"), [0xD1, 0xCE, 0xD4, 0xD7], A("="),
            Esc("$)C"), [0xC8, 0xAB], A("^"), Esc("$)C"), [0xB1, 0xE6, 0xB5, 0xBF]);
        var ds = new DicomDataset();
        ds.SetStrings(new DicomTag(0x00080005), DicomVR.CS, ["", "ISO 2022 IR 149"]);
        ds.SetBytes(PatientName, DicomVR.PN, Pad(bytes));
        Assert.Equal("Hong^Gildong=洪^吉洞=홍^길동", ds.GetString(PatientName));
    }

    [Theory]
    [InlineData("ISO_IR 100", "Müller^Hans")]
    [InlineData("ISO_IR 192", "Müller^Hans=ミュラー")]
    [InlineData("ISO_IR 144", "Иванов^Иван")]
    public void Single_byte_and_UTF8_sets_round_trip(string term, string name)
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x00080005), DicomVR.CS, term);
        ds.SetString(PatientName, name);
        var bytes = DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        var read = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(name, read.GetString(PatientName));
    }

    [Fact]
    public void Items_inherit_the_character_set_of_the_enclosing_dataset()
    {
        var item = new DicomDataset();
        item.SetBytes(PatientName, DicomVR.PN, Encoding.UTF8.GetBytes("Ångström"));
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x00080005), DicomVR.CS, "ISO_IR 192");
        ds.Set(new DicomSequence(new DicomTag(0x00081140), item));
        Assert.Equal("Ångström", ds.GetSequence(new DicomTag(0x00081140))!.Items[0].GetString(PatientName));
    }

    [Fact]
    public void An_unknown_term_is_a_clear_error()
    {
        var ex = Assert.Throws<DicomCharacterSetException>(() => DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 999"]));
        Assert.Contains("ISO_IR 999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_with_an_unknown_term_stays_readable()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x00080005), DicomVR.CS, "ISO_IR 999");
        ds.SetString(new DicomTag(0x00080018), DicomVR.UI, "1.2.3");
        ds.SetBytes(PatientName, DicomVR.PN, A("DOE^JOHN"));
        Assert.Equal("1.2.3", ds.GetString(new DicomTag(0x00080018)));
        Assert.Equal("DOE^JOHN", ds.GetString(PatientName));
    }

    private static byte[] Esc(string s) => [0x1B, .. Encoding.ASCII.GetBytes(s)];

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] A(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Pad(byte[] b) => b.Length % 2 == 0 ? b : [.. b, 0x20];
}
