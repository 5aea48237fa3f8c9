using DicomCipherGateway.Cipher.Pixels;

namespace DicomCipherGateway.Cipher.Tests;

/// <summary>Simple smooth test images (a gradient plus Gaussian blobs and a little noise), deterministic per seed.</summary>
internal static class SmoothImages
{
    public static FloatImage Create(int width, int height, int seed, int channels = 1)
    {
        var random = new Random(seed);
        var pixels = new float[width * height * channels];
        var blobs = Enumerable.Range(0, 3 + random.Next(4)).Select(_ => (
            X: random.NextDouble() * width,
            Y: random.NextDouble() * height,
            R: (0.08 + (random.NextDouble() * 0.25)) * Math.Min(width, height),
            A: (random.NextDouble() * 1.2) - 0.4)).ToArray();
        var gx = (random.NextDouble() - 0.5) * 0.6;
        var gy = (random.NextDouble() - 0.5) * 0.6;
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var v = 0.35 + (gx * x / width) + (gy * y / height) + (c * 0.05);
                    foreach (var b in blobs)
                    {
                        var dx = x - b.X;
                        var dy = y - b.Y;
                        v += b.A * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * b.R * b.R));
                    }

                    v += (random.NextDouble() - 0.5) * 0.02;
                    pixels[(c * width * height) + (y * width) + x] = (float)Math.Clamp(v, 0, 1);
                }
            }
        }

        return new FloatImage(width, height, channels, pixels);
    }

    public static List<FloatImage> Set(int count, int size, int firstSeed) =>
        Enumerable.Range(firstSeed, count).Select(s => Create(size, size, s)).ToList();
}
