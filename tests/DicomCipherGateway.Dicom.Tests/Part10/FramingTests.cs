using System.Buffers.Binary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Tests.Part10;

public class FramingTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    [Theory]
    [InlineData("implicit")]
    [InlineData("explicit")]
    [InlineData("big")]
    public void A_bare_dataset_without_meta_header_is_read_with_the_guessed_syntax(string syntax)
    {
        var file = DicomFile.Open(files.BySyntax[syntax]);
        var bare = DicomDatasetWriter.ToArray(file.Dataset, file.TransferSyntax);
        var read = DicomFile.Read(new MemoryStream(bare));
        Assert.Equal(DicomFileFormat.DatasetOnly, read.Format);
        Assert.Equal(file.TransferSyntax.Uid, read.TransferSyntax.Uid);
        Assert.Equal(bare, DicomDatasetWriter.ToArray(read.Dataset, read.TransferSyntax));
    }

    [Fact]
    public void A_meta_header_without_preamble_is_read()
    {
        var bytes = File.ReadAllBytes(files.BySyntax["explicit"]);
        var read = DicomFile.Read(new MemoryStream(bytes[132..]));
        Assert.Equal(DicomFileFormat.MetaWithoutPreamble, read.Format);
        Assert.Equal("1.2.840.10008.1.2.1", read.TransferSyntax.Uid);
        using var ms = new MemoryStream();
        read.Write(ms);
        Assert.Equal(bytes, ms.ToArray());
    }

    [Fact]
    public void An_undefined_length_UN_holds_implicit_VR_items_and_is_written_back_as_it_was()
    {
        // (0009,0010) LO "ACME", then (0009,1010) UN of undefined length whose one item is
        // implicit VR little endian (CP-246): (0009,1011) with 4 bytes "ABCD".
        var bytes = new List<byte>();
        void U16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); bytes.AddRange(b); }
        void U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); bytes.AddRange(b); }
        U16(0x0009); U16(0x0010); bytes.AddRange("LO"u8.ToArray()); U16(4); bytes.AddRange("ACME"u8.ToArray());
        U16(0x0009); U16(0x1010); bytes.AddRange("UN"u8.ToArray()); U16(0); U32(0xFFFFFFFF);
        U16(0xFFFE); U16(0xE000); U32(0xFFFFFFFF);
        U16(0x0009); U16(0x1011); U32(4); bytes.AddRange("ABCD"u8.ToArray());
        U16(0xFFFE); U16(0xE00D); U32(0);
        U16(0xFFFE); U16(0xE0DD); U32(0);
        var input = bytes.ToArray();

        var ds = DicomDatasetReader.Read(input, DicomTransferSyntax.ExplicitVRLittleEndian);
        var sq = Assert.IsType<DicomSequence>(ds[new DicomTag(0x00091010)]);
        Assert.Equal(DicomVR.UN, sq.VR);
        Assert.Equal("ABCD", System.Text.Encoding.ASCII.GetString(sq.Items[0].GetElement(new DicomTag(0x00091011))!.Value.GetMemory().Span));
        Assert.Equal(input, DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void A_clone_shares_values_but_not_structure()
    {
        var file = DicomFile.Open(files.BySyntax["explicit"]);
        var clone = file.Dataset.Clone();
        clone.SetString(new DicomTag(0x00100020), "OTHER");
        clone.GetSequence(new DicomTag(0x00081140))!.Items[0].Remove(new DicomTag(0x00081155));
        Assert.Equal("PAT001", file.Dataset.GetString(new DicomTag(0x00100020)));
        Assert.NotNull(file.Dataset.GetSequence(new DicomTag(0x00081140))!.Items[0].GetString(new DicomTag(0x00081155)));
        Assert.Same(file.Dataset.GetElement(new DicomTag(0x7FE00010)), clone.GetElement(new DicomTag(0x7FE00010)));
    }
}
