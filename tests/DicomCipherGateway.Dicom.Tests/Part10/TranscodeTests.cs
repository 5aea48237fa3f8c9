using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Part10;

/// <summary>Our conversions between native syntaxes, judged by dcmdump, dcmconv and dciodvfy.</summary>
public class TranscodeTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in new[] { "explicit", "implicit", "big", "deflated" })
        {
            foreach (var to in new[] { "explicit", "implicit", "big", "deflated" })
            {
                if (from != to)
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Our_conversion_matches_dcmconv_and_passes_dcmdump_and_dciodvfy(string from, string to)
    {
        var target = to switch
        {
            "explicit" => DicomTransferSyntax.ExplicitVRLittleEndian,
            "implicit" => DicomTransferSyntax.ImplicitVRLittleEndian,
            "big" => DicomTransferSyntax.ExplicitVRBigEndian,
            _ => DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        };
        var input = files.BySyntax[from];
        var ours = Path.Combine(files.Directory, $"ours-{from}-to-{to}.dcm");
        DicomFile.Open(input).ChangeTransferSyntax(target).Save(ours, new DicomWriteOptions { RemoveGroupLengths = true });

        var dump = await DcmtkTools.RunAsync("dcmdump", "-Un", "+L", ours);
        Assert.Equal(0, dump.ExitCode);
        Assert.Equal(string.Empty, dump.StdErr.Trim());

        var reference = await DicomTestData.ConvertAsync(input, Path.Combine(files.Directory, $"dcmconv-{from}-to-{to}.dcm"), DicomTestData.DcmconvSyntaxOptions[to]);
        Assert.Equal(DatasetLines(await DcmtkTools.DumpAsync(reference, "-Un", "+L")), DatasetLines(dump.StdOut));

        // dciodvfy cannot read deflated files: judge those after DCMTK inflates them, against the
        // explicit VR source that every input was made from.
        var inputErrors = await DcmtkTools.DciodvfyErrorsAsync(files.Explicit);
        var checkedFile = to == "deflated" ? await DicomTestData.ConvertAsync(ours, ours + ".inflated.dcm", "+te") : ours;
        var ourErrors = await DcmtkTools.DciodvfyErrorsAsync(checkedFile);
        Assert.Empty(ourErrors.Except(inputErrors));
    }

    [Theory]
    [InlineData(SequenceLengthMode.Defined, "explicit")]
    [InlineData(SequenceLengthMode.Undefined, "implicit")]
    [InlineData(SequenceLengthMode.Defined, "big")]
    public async Task Defined_and_undefined_sequence_lengths_are_read_by_dcmdump_as_the_same_dataset(SequenceLengthMode mode, string syntax)
    {
        var input = files.BySyntax[syntax];
        var ours = Path.Combine(files.Directory, $"ours-{mode}-{syntax}.dcm");
        DicomFile.Open(input).Save(ours, new DicomWriteOptions { SequenceLengths = mode });
        var dump = await DcmtkTools.RunAsync("dcmdump", "-Un", "+L", ours);
        Assert.Equal(0, dump.ExitCode);
        Assert.Equal(string.Empty, dump.StdErr.Trim());
        Assert.Contains(mode == SequenceLengthMode.Defined ? "Sequence with explicit length" : "Sequence with undefined length", dump.StdOut, StringComparison.Ordinal);
        Assert.Equal(DatasetLines(await DcmtkTools.DumpAsync(input, "-Un", "+L")), DatasetLines(dump.StdOut));
    }

    [Fact]
    public async Task US_or_SS_elements_read_without_VR_follow_Pixel_Representation_as_dcmconv_does()
    {
        var dump = "(0002,0010) UI =LittleEndianImplicit\n(0008,0016) UI =CTImageStorage\n(0008,0018) UI [1.2.3.4]\n" +
                   "(0028,0103) US 1\n(0028,0106) SS -5\n(0028,0120) SS -2000\n";
        var input = await DicomTestData.FromDumpAsync(files.Directory, "xs-implicit.dcm", dump, "+E", "--update-meta-info");
        var ours = Path.Combine(files.Directory, "xs-ours.dcm");
        DicomFile.Open(input).ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian).Save(ours);
        var reference = await DicomTestData.ConvertAsync(input, Path.Combine(files.Directory, "xs-dcmconv.dcm"), "+te");
        var lines = DatasetLines(await DcmtkTools.DumpAsync(ours, "-Un"));
        Assert.Contains(lines, l => l.Contains("00280120 SS -2000", StringComparison.Ordinal));
        Assert.Equal(DatasetLines(await DcmtkTools.DumpAsync(reference, "-Un")), lines);
    }

    // A sequence line's text and length say how its length was encoded; compare only its tag and VR.
    private static List<string> DatasetLines(string dump, bool ignoreSequenceEncoding = true) =>
        [.. DcmdumpLine.Parse(dump).Where(l => l.Tag >> 16 != 0x0002)
            .Select(l => l.VR == "SQ" && ignoreSequenceEncoding ? $"{l.Depth} {l.Tag:X8} SQ" : $"{l.Depth} {l.Tag:X8} {l.VR} {l.Value} {l.Length}")];
}
