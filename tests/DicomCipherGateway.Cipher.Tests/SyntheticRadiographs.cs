using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;

namespace DicomCipherGateway.Cipher.Tests;

/// <summary>
/// Synthetic chest radiographs as the engine sees them: normalised per object between the smallest
/// and largest stored value, as the DICOM pixel transform normalises (docs/ciphertext-object.md).
/// </summary>
internal static class SyntheticRadiographs
{
    public static FloatImage Normalised(int seed, int size)
    {
        var image = new ChestRadiographGenerator().Generate(seed, size, size);
        float low = image.Pixels.Min();
        float span = Math.Max(1, image.Pixels.Max() - low);
        return new FloatImage(size, size, 1, image.Pixels.Select(v => (v - low) / span).ToArray());
    }

    public static List<FloatImage> Set(int count, int size, int firstSeed) =>
        Enumerable.Range(firstSeed, count).Select(seed => Normalised(seed, size)).ToList();
}
