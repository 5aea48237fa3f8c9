using DicomCipherGateway.Dicom.Imaging;

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
    public void Our_rle_decodes_in_dcmdrle_to_identical_pixels(string name)
    {
        var d = TestImages.Case(name);
        var samples = TestImages.Samples(d, name.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var fragments = TestImages.Frames(d, samples).Select(f => RleEncoder.Encode(d, f)).ToArray();
        using var temp = new TempFolder();
        TestDicomFile.WriteRle(temp.File("ours-rle.dcm"), d, fragments);

        DcmtkTool.Run("dcmdrle", temp.File("ours-rle.dcm"), temp.File("dcmtk-native.dcm"));

        var native = TestDicomFile.Read(temp.File("dcmtk-native.dcm"));
        Assert.Equal(TestDicomFile.ExplicitLittle, native.TransferSyntax);
        AssertSamples(d, samples, native);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dcmcrle_output_decodes_in_ours_to_identical_pixels(string name)
    {
        var d = TestImages.Case(name);
        var samples = TestImages.Samples(d, 7 + name.Length);
        using var temp = new TempFolder();
        TestDicomFile.WriteNative(temp.File("native.dcm"), d, TestImages.PixelData(d, samples));

        DcmtkTool.Run("dcmcrle", temp.File("native.dcm"), temp.File("dcmtk-rle.dcm"));

        var rle = TestDicomFile.Read(temp.File("dcmtk-rle.dcm"));
        Assert.Equal(TestDicomFile.Rle, rle.TransferSyntax);
        Assert.NotNull(rle.Fragments);
        Assert.Equal(d.NumberOfFrames, rle.Fragments.Count);
        var decodedDescription = DescriptionOf(d, rle);
        for (var f = 0; f < d.NumberOfFrames; f++)
        {
            var frame = RleDecoder.Decode(decodedDescription, rle.Fragments[f]);
            Assert.Equal(samples[f], InOriginalOrder(d, decodedDescription, FrameSamples.ToArray<long>(decodedDescription, frame)));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_encoding_round_trips_through_dcmtk_and_back(string name)
    {
        // Ours → dcmdrle → dcmcrle → ours: both codecs in one chain, frame bytes identical at the end.
        var d = TestImages.Case(name);
        var frames = TestImages.Frames(d, TestImages.Samples(d, 99));
        using var temp = new TempFolder();
        TestDicomFile.WriteRle(temp.File("a.dcm"), d, frames.Select(f => RleEncoder.Encode(d, f)));
        DcmtkTool.Run("dcmdrle", temp.File("a.dcm"), temp.File("b.dcm"));
        DcmtkTool.Run("dcmcrle", temp.File("b.dcm"), temp.File("c.dcm"));

        var c = TestDicomFile.Read(temp.File("c.dcm"));
        var cd = DescriptionOf(d, c);
        for (var f = 0; f < frames.Length; f++)
        {
            var decoded = RleDecoder.Decode(cd, c.Fragments![f]);
            var expected = new byte[d.FrameLength];
            PlanarConfigurationConverter.Convert(d, frames[f], expected, cd.PlanarConfiguration);
            Assert.Equal(expected, decoded);
        }
    }

    private static void AssertSamples(PixelDataDescription original, long[][] samples, TestDicomFile.Contents native)
    {
        var d = DescriptionOf(original, native);
        var pixels = new NativePixelData(d, native.PixelData);
        foreach (var frame in pixels.EnumerateFrames())
        {
            Assert.Equal(samples[frame.Index], InOriginalOrder(original, d, frame.ToSamples<long>()));
        }
    }

    /// <summary>DCMTK may choose another planar configuration for color: take the one its file declares.</summary>
    private static PixelDataDescription DescriptionOf(PixelDataDescription original, TestDicomFile.Contents file)
    {
        Assert.Equal(original.Rows, file.US(0x00280010));
        Assert.Equal(original.Columns, file.US(0x00280011));
        Assert.Equal(original.BitsAllocated, file.US(0x00280100));
        Assert.Equal(original.PhotometricInterpretation, PhotometricInterpretationCodes.Parse(file.Text(0x00280004)));
        return original.SamplesPerPixel == 3
            ? original.WithPlanarConfiguration((PlanarConfiguration)file.US(0x00280006))
            : original;
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
