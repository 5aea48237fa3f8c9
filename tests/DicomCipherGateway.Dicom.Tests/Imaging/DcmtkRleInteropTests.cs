using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary>RLE Lossless against DCMTK: our fragments decode in dcmdrle, dcmcrle's decode in ours, to the same pixels.</summary>
public sealed class DcmtkRleInteropTests
{
    public static TheoryData<string> Cases => new()
    {
        "mono8", "mono8-odd", "mono16u12", "mono16u", "mono16s", "mono16s12", "rgb8", "rgb8-planar", "ybr8", "rgb16",
        "mono8x5", "mono16sx3", "rgb8x4", "mono32", "mono32s",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_rle_decodes_in_dcmdrle_to_identical_pixels(string name)
    {
        var d = TestImages.Case(name);
        var samples = TestImages.Samples(d, name.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var fragments = TestImages.Frames(d, samples).Select(f => RleEncoder.Encode(d, f)).ToArray();
        using var temp = new TempDirectory();
        ImageFiles.WriteRle(temp.File("ours-rle.dcm"), d, fragments);

        (await DcmtkTools.RunAsync("dcmdrle", temp.File("ours-rle.dcm"), temp.File("dcmtk-native.dcm"))).EnsureNoWarnings();

        var native = ImageFiles.Pixels(temp.File("dcmtk-native.dcm"));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, native.TransferSyntax);
        AssertSamples(d, samples, native);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Dcmcrle_output_decodes_in_ours_to_identical_pixels(string name)
    {
        var d = TestImages.Case(name);
        var samples = TestImages.Samples(d, 7 + name.Length);
        using var temp = new TempDirectory();
        ImageFiles.WriteNative(temp.File("native.dcm"), d, TestImages.PixelData(d, samples));

        (await DcmtkTools.RunAsync("dcmcrle", temp.File("native.dcm"), temp.File("dcmtk-rle.dcm"))).EnsureNoWarnings();

        var rle = ImageFiles.Pixels(temp.File("dcmtk-rle.dcm"));
        Assert.Equal(DicomTransferSyntax.RLELossless, rle.TransferSyntax);
        AssertSamples(d, samples, rle);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_encoding_round_trips_through_dcmtk_and_back(string name)
    {
        // Ours → dcmdrle → dcmcrle → ours: both codecs in one chain, frame bytes identical at the end.
        var d = TestImages.Case(name);
        var frames = TestImages.Frames(d, TestImages.Samples(d, 99));
        using var temp = new TempDirectory();
        ImageFiles.WriteRle(temp.File("a.dcm"), d, frames.Select(f => RleEncoder.Encode(d, f)), basicOffsetTable: true);
        (await DcmtkTools.RunAsync("dcmdrle", temp.File("a.dcm"), temp.File("b.dcm"))).EnsureNoWarnings();
        (await DcmtkTools.RunAsync("dcmcrle", temp.File("b.dcm"), temp.File("c.dcm"))).EnsureNoWarnings();

        var c = ImageFiles.Pixels(temp.File("c.dcm"));
        var cd = DescriptionOf(d, c);
        for (var f = 0; f < frames.Length; f++)
        {
            var expected = new byte[d.FrameLength];
            PlanarConfigurationConverter.Convert(d, frames[f], expected, cd.PlanarConfiguration);
            Assert.Equal(expected, c.GetFrame(f).Data.ToArray());
        }
    }

    private static void AssertSamples(PixelDataDescription original, long[][] samples, DicomPixelData pixels)
    {
        var d = DescriptionOf(original, pixels);
        Assert.Equal(original.NumberOfFrames, pixels.FrameCount);
        foreach (var frame in pixels.EnumerateFrames())
        {
            Assert.Equal(samples[frame.Index], InOriginalOrder(original, d, frame.ToSamples<long>()));
        }
    }

    /// <summary>DCMTK may choose another planar configuration for color: take the one its file declares.</summary>
    private static PixelDataDescription DescriptionOf(PixelDataDescription original, DicomPixelData file)
    {
        Assert.Equal(original.WithPlanarConfiguration(file.Description.PlanarConfiguration), file.Description);
        return file.Description;
    }

    private static long[] InOriginalOrder(PixelDataDescription original, PixelDataDescription actual, long[] samples)
    {
        if (original.PlanarConfiguration == actual.PlanarConfiguration)
        {
            return samples;
        }

        var result = new long[samples.Length];
        if (original.PlanarConfiguration == PlanarConfiguration.Planar)
        {
            PlanarConfigurationConverter.ToPlanar<long>(samples, result, 3);
        }
        else
        {
            PlanarConfigurationConverter.ToInterleaved<long>(samples, result, 3);
        }

        return result;
    }
}
