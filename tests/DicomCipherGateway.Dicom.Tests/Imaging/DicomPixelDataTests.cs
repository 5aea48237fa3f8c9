using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary><see cref="DicomPixelData"/>: the Image Pixel Module from the dataset, frames native and encapsulated, get and set.</summary>
public sealed class DicomPixelDataTests
{
    [Theory]
    [InlineData(0x00280010u, "Rows (0028,0010)")]
    [InlineData(0x00280011u, "Columns (0028,0011)")]
    [InlineData(0x00280002u, "Samples per Pixel (0028,0002)")]
    [InlineData(0x00280100u, "Bits Allocated (0028,0100)")]
    [InlineData(0x00280101u, "Bits Stored (0028,0101)")]
    [InlineData(0x00280102u, "High Bit (0028,0102)")]
    [InlineData(0x00280103u, "Pixel Representation (0028,0103)")]
    [InlineData(0x00280004u, "Photometric Interpretation (0028,0004)")]
    public void A_missing_attribute_is_named(uint tag, string name)
    {
        var ds = Native("mono16u12", out _);
        ds.Remove(new DicomTag(tag));
        var ex = Assert.Throws<DicomImagingException>(() => DicomPixelData.FromDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains(name + " is missing", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DicomException>(ex);
    }

    [Fact]
    public void Invalid_attributes_and_missing_or_short_pixel_data_are_named()
    {
        var ds = Native("mono16u12", out _);
        ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "two");
        Assert.Contains("Number of Frames (0028,0008) 'two'", Describe(ds), StringComparison.Ordinal);
        ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "2");
        Assert.Contains("Pixel Data (7FE0,0010) has", Describe(ds), StringComparison.Ordinal);
        ds.Remove(DicomTags.NumberOfFrames);
        ds.SetValues(DicomTags.HighBit, DicomVR.US, (ushort)16);
        Assert.Contains("High Bit (0028,0102) is 16", Describe(ds), StringComparison.Ordinal);
        ds.SetValues(DicomTags.HighBit, DicomVR.US, (ushort)11);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "YBR_FULL_422");
        Assert.Contains("Photometric Interpretation (0028,0004) 'YBR_FULL_422'", Describe(ds), StringComparison.Ordinal);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.Remove(DicomTags.PixelData);
        Assert.Contains("no Pixel Data (7FE0,0010)", Describe(ds), StringComparison.Ordinal);
    }

    [Fact]
    public void Native_and_encapsulated_pixel_data_must_match_the_syntax()
    {
        var ds = Native("mono8", out _);
        Assert.Contains("is native but", Describe(ds, DicomTransferSyntax.RLELossless), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mono16sx3")]
    [InlineData("rgb8x4")]
    [InlineData("bits7x9x2")]
    [InlineData("mono32s")]
    public void Native_frames_read_and_set_as_typed_samples(string name)
    {
        var ds = Native(name, out var samples);
        var pixels = DicomPixelData.FromDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.False(pixels.IsEncapsulated);
        foreach (var frame in pixels.EnumerateFrames())
        {
            Assert.Equal(samples[frame.Index], frame.ToSamples<long>());
        }

        // Change the last frame: the others stay, the dataset's Pixel Data has the new frame.
        var d = pixels.Description;
        var last = d.NumberOfFrames - 1;
        var replacement = TestImages.Samples(d, 1234)[0];
        pixels.SetFrameSamples<long>(last, replacement);
        var again = DicomPixelData.FromDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        for (var f = 0; f < last; f++)
        {
            Assert.Equal(samples[f], again.GetFrameSamples<long>(f));
        }

        Assert.Equal(replacement, again.GetFrameSamples<long>(last));
        Assert.Equal(d.PaddedPixelDataLength, ds.GetElement(DicomTags.PixelData)!.Length);
    }

    [Fact]
    public void Frames_of_a_value_left_in_its_file_are_read_one_at_a_time()
    {
        var ds = Native("mono16sx3", out var samples);
        using var temp = new TempDirectory();
        new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(temp.File("x.dcm"));

        var file = DicomFile.Open(temp.File("x.dcm"), new DicomReadOptions { DeferValuesLargerThan = 64 });
        Assert.False(file.Dataset.GetElement(DicomTags.PixelData)!.Value.IsMaterialized);
        var pixels = DicomPixelData.FromDataset(file.Dataset, file.TransferSyntax);
        Assert.Equal(samples[2], pixels.GetFrameSamples<long>(2));
        Assert.Equal(samples[0], pixels.GetFrameSamples<long>(0));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Rle_frames_are_found_by_offset_tables_or_one_fragment_each_and_set_frames_keep_the_tables_right(bool basic, bool extended)
    {
        var d = TestImages.Case("mono16sx3");
        var samples = TestImages.Samples(d, 8);
        var ds = ImageFiles.Dataset(d);
        var fragments = TestImages.Frames(d, samples).Select(f => DicomValue.FromMemory(RleEncoder.Encode(d, f))).ToArray();
        ds.Set(EncapsulatedPixelData.Build(fragments, [1, 1, 1], basic ? OffsetTable.Basic : OffsetTable.None));
        if (extended)
        {
            EncapsulatedPixelData.SetExtendedOffsetTable(ds, fragments, [1, 1, 1]);
        }

        var pixels = DicomPixelData.FromDataset(ds, DicomTransferSyntax.RLELossless);
        Assert.True(pixels.CanDecode);
        Assert.Equal(samples[1], pixels.GetFrameSamples<long>(1));

        var replacement = new long[d.SamplesPerFrame];
        pixels.SetFrameSamples<long>(1, replacement);

        // Written and read back: the tables still point at the right fragments.
        using var ms = new MemoryStream();
        new DicomFile(ds, DicomTransferSyntax.RLELossless).Write(ms);
        ms.Position = 0;
        var read = DicomFile.Read(ms);
        var again = DicomPixelData.FromDataset(read.Dataset, read.TransferSyntax);
        Assert.Equal(samples[0], again.GetFrameSamples<long>(0));
        Assert.Equal(replacement, again.GetFrameSamples<long>(1));
        Assert.Equal(samples[2], again.GetFrameSamples<long>(2));
        var sequence = read.Dataset.GetFragments(DicomTags.PixelData)!;
        Assert.Equal(basic ? 3 : 0, sequence.GetBasicOffsets().Length);
        if (extended)
        {
            var offsets = read.Dataset.GetValues<ulong>(DicomTags.ExtendedOffsetTable);
            Assert.Equal([0UL, 8UL + (ulong)sequence.Fragments[0].Length, 16UL + (ulong)(sequence.Fragments[0].Length + sequence.Fragments[1].Length)], offsets);
            Assert.Equal((ulong)sequence.Fragments[1].Length, read.Dataset.GetValues<ulong>(DicomTags.ExtendedOffsetTableLengths)[1]);
        }
    }

    [Fact]
    public void A_frame_split_over_fragments_is_joined_by_the_basic_offset_table_and_bad_tables_are_refused()
    {
        var d = TestImages.Case("mono8x5").WithNumberOfFrames(2);
        var frames = TestImages.Frames(d, TestImages.Samples(d, 3)).Select(f => RleEncoder.Encode(d, f)).ToArray();
        var split = frames[0].Length / 2 & ~1;
        DicomValue[] fragments = [DicomValue.FromMemory(frames[0][..split]), DicomValue.FromMemory(frames[0][split..]), DicomValue.FromMemory(frames[1])];
        var ds = ImageFiles.Dataset(d);
        ds.Set(EncapsulatedPixelData.Build(fragments, [2, 1], OffsetTable.Basic));
        var pixels = DicomPixelData.FromDataset(ds, DicomTransferSyntax.RLELossless);
        Assert.Equal(frames[0], pixels.GetEncodedFrame(0).ToArray());
        Assert.Equal(frames[1], pixels.GetEncodedFrame(1).ToArray());

        // Without the table three fragments cannot be two frames.
        ds.Set(EncapsulatedPixelData.Build(fragments, [2, 1], OffsetTable.None));
        var ex = Assert.Throws<DicomImagingException>(() => DicomPixelData.FromDataset(ds, DicomTransferSyntax.RLELossless).GetFrame(0));
        Assert.Contains("cannot be told apart", ex.Message, StringComparison.Ordinal);

        // An offset that is not a fragment start.
        var sequence = EncapsulatedPixelData.Build(fragments, [2, 1], OffsetTable.None);
        sequence.BasicOffsetTable = DicomValue.FromMemory(new byte[] { 0, 0, 0, 0, 6, 0, 0, 0 });
        ds.Set(sequence);
        ex = Assert.Throws<DicomImagingException>(() => DicomPixelData.FromDataset(ds, DicomTransferSyntax.RLELossless).GetFrame(1));
        Assert.Contains("offset 6 for frame 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_of_a_syntax_without_codec_are_available_encoded_but_not_decoded()
    {
        var d = TestImages.Case("mono8");
        var ds = ImageFiles.Dataset(d);
        ds.Set(EncapsulatedPixelData.Build([DicomValue.FromMemory(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })], [1], OffsetTable.None));
        var pixels = DicomPixelData.FromDataset(ds, DicomTransferSyntax.JPEGBaseline8Bit);
        Assert.False(pixels.CanDecode);
        Assert.Equal(4, pixels.GetEncodedFrame(0).Length);
        var ex = Assert.Throws<DicomCodecException>(() => pixels.GetFrame(0));
        Assert.Contains("no codec for JPEG Baseline", ex.Message, StringComparison.Ordinal);
    }

    private static DicomDataset Native(string name, out long[][] samples)
    {
        var d = TestImages.Case(name);
        samples = TestImages.Samples(d, 42);
        var ds = ImageFiles.Dataset(d);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, TestImages.PixelData(d, samples));
        return ds;
    }

    private static string Describe(DicomDataset ds, DicomTransferSyntax? syntax = null) =>
        Assert.Throws<DicomImagingException>(() => DicomPixelData.FromDataset(ds, syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian)).Message;
}
