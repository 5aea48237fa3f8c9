using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>The held-out images a new key is judged on before it is written.</summary>
internal static class KeyCheckSet
{
    /// <summary>
    /// Keeps every sixth training image (at most 4) aside when there are at least 6; with fewer,
    /// training keeps them all and the key is judged on generated radiographs instead.
    /// </summary>
    public static (IReadOnlyList<FloatImage> Training, IReadOnlyList<FloatImage> Check, string Description) Split(IReadOnlyList<FloatImage> images, KeyGenerationOptions options)
    {
        if (images.Count >= 6)
        {
            var check = images.Where((_, i) => i % 6 == 5).Take(4).ToList();
            var training = images.Where(i => !check.Contains(i)).ToList();
            return (training, check, $"{check.Count} of the {images.Count} images kept out of training");
        }

        var size = Math.Max(128, options.CropSize * 2);
        var generator = new ChestRadiographGenerator();
        var generated = Enumerable.Range(0, 2).Select(i => Normalised(generator.Generate(0x5EED + i, size, size), options.Architecture.Channels)).ToList();
        return (images, generated, $"{generated.Count} generated {size}×{size} radiographs");
    }

    /// <summary>Normalised between the smallest and largest stored value, as the DICOM pixel transform does.</summary>
    private static FloatImage Normalised(SyntheticChestRadiograph image, int channels)
    {
        float low = image.Pixels.Min();
        float span = Math.Max(1, image.Pixels.Max() - low);
        var plane = image.Pixels.Select(v => (v - low) / span).ToArray();
        var pixels = new float[plane.Length * channels];
        for (var c = 0; c < channels; c++)
        {
            plane.CopyTo(pixels, c * plane.Length);
        }

        return new FloatImage(image.Width, image.Height, channels, pixels);
    }
}
