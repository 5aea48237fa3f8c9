using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Cipher.Tests.Objects;

public sealed class PixelNormaliserTests
{
    [Fact]
    public void Signed_values_map_between_the_objects_own_minimum_and_maximum_and_back()
    {
        var description = PixelDataDescription.Create(2, 3, 16, 12, PixelRepresentation.Signed);
        short[] samples = [-1000, -1, 0, 1, 500, 2047];
        var frame = FrameSamples.ToFrame<short>(description, samples);
        var normalisation = PixelNormaliser.Measure(description, [frame]);
        Assert.Equal(new PixelNormalisation(-1000, 2047, false), normalisation);
        var image = PixelNormaliser.ToImage(description, frame, normalisation);
        Assert.Equal(0f, image.Pixels[0]);
        Assert.Equal(1f, image.Pixels[5]);
        Assert.Equal(frame, PixelNormaliser.ToFrame(description, image, normalisation));
    }

    [Fact]
    public void MONOCHROME1_is_inverted_so_that_brighter_means_more_attenuation()
    {
        var description = PixelDataDescription.Create(1, 2, 8, 8, photometricInterpretation: PhotometricInterpretation.Monochrome1);
        byte[] frame = [10, 200];
        var normalisation = PixelNormaliser.Measure(description, [frame]);
        Assert.Equal("MINMAX_INVERTED", normalisation.Method);
        var image = PixelNormaliser.ToImage(description, frame, normalisation);
        Assert.Equal([1f, 0f], image.Pixels);
        Assert.Equal(frame, PixelNormaliser.ToFrame(description, image, normalisation));
    }

    [Fact]
    public void RGB_becomes_its_luminance_in_either_planar_configuration()
    {
        var interleaved = PixelDataDescription.Create(1, 2, 8, 8, photometricInterpretation: PhotometricInterpretation.Rgb);
        var planar = interleaved.WithPlanarConfiguration(PlanarConfiguration.Planar);
        byte[] a = [255, 0, 0, 0, 0, 255];
        byte[] b = [255, 0, 0, 0, 0, 255];
        var n = PixelNormaliser.Measure(interleaved, [a]);
        var fromInterleaved = PixelNormaliser.ToImage(interleaved, a, n);
        var fromPlanar = PixelNormaliser.ToImage(planar, b, n);
        Assert.Equal(0.299f, fromInterleaved.Pixels[0], 4);
        Assert.Equal(0.114f, fromInterleaved.Pixels[1], 4);
        Assert.Equal(0.299f, fromPlanar.Pixels[0], 4);
        Assert.Equal(0.114f, fromPlanar.Pixels[1], 4);
    }

    [Fact]
    public void A_constant_image_and_out_of_range_values_stay_in_range()
    {
        var description = PixelDataDescription.Create(1, 3, 16, 16);
        var frame = FrameSamples.ToFrame<ushort>(description, [700, 700, 700]);
        var normalisation = PixelNormaliser.Measure(description, [frame]);
        var image = PixelNormaliser.ToImage(description, frame, normalisation);
        Assert.All(image.Pixels, p => Assert.Equal(0f, p));
        image.Pixels[1] = 7f;
        image.Pixels[2] = -3f;
        Assert.Equal(frame, PixelNormaliser.ToFrame(description, image, normalisation));
    }
}
