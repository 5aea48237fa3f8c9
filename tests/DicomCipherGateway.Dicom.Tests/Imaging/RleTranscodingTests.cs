using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary><see cref="DicomFile.ChangeTransferSyntax"/> between native syntaxes and RLE Lossless, judged by DCMTK.</summary>
public sealed class RleTranscodingTests
{
    public static TheoryData<string> Cases => new() { "mono8-odd", "mono16u12", "mono16s", "rgb8", "rgb8-planar", "rgb16", "mono8x5", "mono32s" };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_rle_file_is_read_by_dcmdump_without_warnings_and_dcmdrle_decodes_it_to_the_source_pixels(string name)
    {
        var d = TestImages.Case(name);
        var pixelData = TestImages.PixelData(d, TestImages.Samples(d, 11));
        using var temp = new TempDirectory();
        ImageFiles.WriteNative(temp.File("native.dcm"), d, pixelData);

        var rle = DicomFile.Open(temp.File("native.dcm")).ChangeTransferSyntax(DicomTransferSyntax.RLELossless);
        rle.Save(temp.File("ours-rle.dcm"));

        var dump = (await DcmtkTools.RunAsync("dcmdump", temp.File("ours-rle.dcm"))).EnsureNoWarnings().StdOut;
        Assert.Contains("RLELossless", dump, StringComparison.Ordinal);
        Assert.Contains($"(PixelSequence #={d.NumberOfFrames + 1})", dump, StringComparison.Ordinal);
        var fragments = DicomFile.Open(temp.File("ours-rle.dcm")).Dataset.GetFragments(DicomTags.PixelData)!;
        Assert.Equal(d.NumberOfFrames, fragments.GetBasicOffsets().Length);
        (await DcmtkTools.RunAsync("dcmdrle", temp.File("ours-rle.dcm"), temp.File("decoded.dcm"))).EnsureNoWarnings();

        var decoded = DicomFile.Open(temp.File("decoded.dcm"));
        Assert.Equal(pixelData, decoded.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray());
        Assert.Equal(d, ImageFiles.Pixels(temp.File("decoded.dcm")).Description);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_dcmcrle_file_converted_by_us_to_native_equals_what_dcmdrle_makes_of_it(string name)
    {
        var d = TestImages.Case(name);
        using var temp = new TempDirectory();
        ImageFiles.WriteNative(temp.File("native.dcm"), d, TestImages.PixelData(d, TestImages.Samples(d, 5)));
        (await DcmtkTools.RunAsync("dcmcrle", temp.File("native.dcm"), temp.File("rle.dcm"))).EnsureNoWarnings();
        (await DcmtkTools.RunAsync("dcmdrle", temp.File("rle.dcm"), temp.File("theirs.dcm"))).EnsureNoWarnings();

        DicomFile.Open(temp.File("rle.dcm")).ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian).Save(temp.File("ours.dcm"));

        // Element by element, as dcmdump sees them (the meta header names each implementation).
        Assert.Equal(await DatasetDumpAsync(temp.File("theirs.dcm")), await DatasetDumpAsync(temp.File("ours.dcm")));
    }

    [Fact]
    public async Task A_ct_slice_keeps_its_dciodvfy_verdict_through_rle_and_back_in_every_native_syntax()
    {
        using var temp = new TempDirectory();
        var source = await DicomTestData.CtSliceAsync(temp.Path, "ct.dcm", 40, 30, 2);
        var sourceErrors = await DcmtkTools.DciodvfyErrorsAsync(source);

        var rle = DicomFile.Open(source).ChangeTransferSyntax(DicomTransferSyntax.RLELossless);
        rle.Save(temp.File("ct-rle.dcm"));
        Assert.Empty((await DcmtkTools.DciodvfyErrorsAsync(temp.File("ct-rle.dcm"))).Except(sourceErrors));

        var original = DicomFile.Open(source).Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
        foreach (var native in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            var path = temp.File($"ct-{native.Keyword}.dcm");
            DicomFile.Open(temp.File("ct-rle.dcm")).ChangeTransferSyntax(native).Save(path);
            (await DcmtkTools.RunAsync("dcmdump", path)).EnsureNoWarnings();
            if (!native.IsDeflated)
            {
                // dciodvfy cannot read deflated datasets at all (not even dcmconv +td's).
                Assert.Empty((await DcmtkTools.DciodvfyErrorsAsync(path)).Except(sourceErrors));
            }

            var back = DicomFile.Open(path);
            Assert.Equal(native, back.TransferSyntax);
            Assert.Equal(original, back.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray());
        }
    }

    [Fact]
    public void Converting_a_one_bit_bitmap_to_rle_is_refused_as_unsupported()
    {
        var d = PixelDataDescription.Create(8, 8, 1, 1);
        var ds = ImageFiles.Dataset(d);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[8]);
        var file = new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        var ex = Assert.Throws<DicomCodecException>(() => file.ChangeTransferSyntax(DicomTransferSyntax.RLELossless));
        Assert.Contains("Bits Allocated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_rle_is_a_dicom_error_and_the_source_file_is_left_unchanged()
    {
        var d = TestImages.Case("mono16u12");
        var fragment = RleEncoder.Encode(d, TestImages.Frames(d, TestImages.Samples(d, 1))[0]);
        var ds = ImageFiles.Dataset(d);
        var cut = fragment[..(fragment.Length / 2 & ~1)];
        ds.Set(EncapsulatedPixelData.Build([DicomValue.FromMemory(cut)], [1], OffsetTable.None));
        var file = new DicomFile(ds, DicomTransferSyntax.RLELossless);

        var ex = Assert.Throws<DicomImagingException>(() => file.ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.IsAssignableFrom<DicomException>(ex);
        Assert.NotNull(ex.Offset);
        Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTags.PixelData]);
    }

    private static async Task<string[]> DatasetDumpAsync(string path)
    {
        var dump = await DcmtkTools.DumpAsync(path);
        return [.. dump.Split('\n').Where(l => l.StartsWith('(') && !l.StartsWith("(0002,", StringComparison.Ordinal))];
    }
}
