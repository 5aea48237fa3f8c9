using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

public sealed class PixelDataDescriptionTests
{
    [Fact]
    public void Lengths_of_a_16_bit_multi_frame_image()
    {
        var d = PixelDataDescription.Create(512, 256, 16, 12, numberOfFrames: 3);
        Assert.Equal(11, d.HighBit);
        Assert.Equal(512 * 256 * 2, d.FrameLength);
        Assert.Equal(3L * 512 * 256 * 2, d.PixelDataLength);
        Assert.Equal(d.PixelDataLength, d.PaddedPixelDataLength);
        Assert.Equal(0, d.MinStoredValue);
        Assert.Equal(4095, d.MaxStoredValue);
    }

    [Fact]
    public void One_bit_frames_are_packed_without_padding_and_the_value_is_padded_to_even_length()
    {
        var d = PixelDataDescription.Create(3, 3, 1, 1, numberOfFrames: 5);
        Assert.Equal(9, d.FrameLengthInBits);
        Assert.Equal(2, d.FrameLength);
        Assert.Equal(18, d.FrameBitOffset(2));
        Assert.Equal(6, d.PixelDataLength); // 45 bits
        Assert.Equal(6, d.PaddedPixelDataLength);
        Assert.Equal(7, PixelDataDescription.Create(5, 5, 1, 1, numberOfFrames: 2).PixelDataLength); // 50 bits
        Assert.Equal(8, PixelDataDescription.Create(5, 5, 1, 1, numberOfFrames: 2).PaddedPixelDataLength);
    }

    [Fact]
    public void Signed_range_and_color_samples()
    {
        var d = PixelDataDescription.Create(2, 3, 16, 12, PixelRepresentation.Signed);
        Assert.Equal(-2048, d.MinStoredValue);
        Assert.Equal(2047, d.MaxStoredValue);
        var rgb = PixelDataDescription.Create(2, 3, 8, 8, photometricInterpretation: PhotometricInterpretation.Rgb);
        Assert.Equal(3, rgb.SamplesPerPixel);
        Assert.Equal(18, rgb.SamplesPerFrame);
        Assert.Equal(18, rgb.FrameLength);
    }

    [Theory]
    [InlineData(0, 10, 1, 1, 8, 8, 7, 0, 0, "Rows")]
    [InlineData(10, 70000, 1, 1, 8, 8, 7, 0, 0, "Columns")]
    [InlineData(10, 10, 0, 1, 8, 8, 7, 0, 0, "Number of Frames")]
    [InlineData(10, 10, 1, 2, 8, 8, 7, 0, 0, "Samples per Pixel")]
    [InlineData(10, 10, 1, 3, 8, 8, 7, 0, 0, "requires Samples per Pixel 1")]
    [InlineData(10, 10, 1, 1, 12, 12, 11, 0, 0, "Bits Allocated")]
    [InlineData(10, 10, 1, 1, 16, 17, 16, 0, 0, "Bits Stored")]
    [InlineData(10, 10, 1, 1, 16, 0, 0, 0, 0, "Bits Stored")]
    [InlineData(10, 10, 1, 1, 16, 12, 10, 0, 0, "High Bit")]
    [InlineData(10, 10, 1, 1, 16, 12, 16, 0, 0, "High Bit")]
    [InlineData(10, 10, 1, 1, 16, 12, 11, 2, 0, "Pixel Representation")]
    [InlineData(10, 10, 1, 1, 16, 12, 11, 0, 1, "Planar Configuration")]
    [InlineData(10, 10, 1, 1, 1, 1, 0, 1, 0, "Bits Allocated (0028,0100) 1")]
    public void Invalid_modules_are_refused_naming_the_attribute(int rows, int columns, int frames, int spp, int allocated, int stored, int high, int representation, int planar, string expected)
    {
        var ex = Assert.Throws<DicomImagingException>(() => new PixelDataDescription(
            rows, columns, frames, spp, allocated, stored, high, (PixelRepresentation)representation, (PlanarConfiguration)planar, PhotometricInterpretation.Monochrome2));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rgb_needs_three_samples_and_palette_color_must_be_unsigned()
    {
        Assert.Throws<DicomImagingException>(() => new PixelDataDescription(4, 4, 1, 1, 8, 8, 7, PixelRepresentation.Unsigned, PlanarConfiguration.Interleaved, PhotometricInterpretation.Rgb));
        Assert.Throws<DicomImagingException>(() => PixelDataDescription.Create(4, 4, 16, 16, PixelRepresentation.Signed, PhotometricInterpretation.PaletteColor));
        Assert.Throws<DicomImagingException>(() => PixelDataDescription.Create(4, 4, 1, 1, photometricInterpretation: PhotometricInterpretation.PaletteColor));
    }

    [Fact]
    public void A_frame_over_2_GiB_is_refused_without_overflowing()
    {
        var ex = Assert.Throws<DicomImagingException>(() => PixelDataDescription.Create(65535, 65535, 16, 16, photometricInterpretation: PhotometricInterpretation.Rgb));
        Assert.Contains("2 GiB", ex.Message, StringComparison.Ordinal);
        var big = PixelDataDescription.Create(40000, 40000, 1, 1, numberOfFrames: 1000);
        Assert.Equal(40000L * 40000 * 1000 / 8, big.PixelDataLength);
        Assert.Equal(200_000_000, big.FrameLength);
    }

    [Fact]
    public void A_legacy_high_bit_above_bits_stored_minus_one_is_accepted()
    {
        var d = new PixelDataDescription(4, 4, 1, 1, 16, 12, 15, PixelRepresentation.Unsigned, PlanarConfiguration.Interleaved, PhotometricInterpretation.Monochrome2);
        Assert.Equal(15, d.HighBit);
    }

    [Fact]
    public void Descriptions_compare_by_value()
    {
        Assert.Equal(PixelDataDescription.Create(4, 5, 16, 12), PixelDataDescription.Create(4, 5, 16, 12));
        Assert.NotEqual(PixelDataDescription.Create(4, 5, 16, 12), PixelDataDescription.Create(4, 5, 16, 12, numberOfFrames: 2));
    }

    [Theory]
    [InlineData("MONOCHROME1", PhotometricInterpretation.Monochrome1)]
    [InlineData("MONOCHROME2 ", PhotometricInterpretation.Monochrome2)]
    [InlineData("PALETTE COLOR ", PhotometricInterpretation.PaletteColor)]
    [InlineData("RGB", PhotometricInterpretation.Rgb)]
    [InlineData("YBR_FULL", PhotometricInterpretation.YbrFull)]
    public void Photometric_interpretation_codes_round_trip(string code, PhotometricInterpretation value)
    {
        Assert.Equal(value, PhotometricInterpretationCodes.Parse(code));
        Assert.Equal(code.Trim(), value.ToCode());
    }

    [Fact]
    public void Unsupported_photometric_interpretation_names_the_value()
    {
        var ex = Assert.Throws<DicomImagingException>(() => PhotometricInterpretationCodes.Parse("YBR_FULL_422"));
        Assert.Contains("YBR_FULL_422", ex.Message, StringComparison.Ordinal);
    }
}
