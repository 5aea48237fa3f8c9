using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cipher.Tests.Metrics;

public class ImageMetricsTests
{
    [Fact]
    public void Psnr_follows_its_definition()
    {
        float[] a = [0, 0, 0, 0];
        float[] b = [0.1f, 0.1f, 0.1f, 0.1f];
        Assert.Equal(20, ImageMetrics.Psnr(a, b), 4);
        Assert.True(double.IsPositiveInfinity(ImageMetrics.Psnr(a, a)));
        ushort[] c = [0, 0];
        ushort[] d = [255, 255];
        Assert.Equal(0, ImageMetrics.Psnr(c, d, 255), 6);
    }

    [Fact]
    public void Pearson_sees_copies_inversions_and_independence()
    {
        var x = SmoothImages.Create(32, 32, 1).Pixels;
        var inverted = x.Select(v => 1 - v).ToArray();
        Assert.Equal(1, ImageMetrics.Pearson(x, x), 6);
        Assert.Equal(-1, ImageMetrics.Pearson(x, inverted), 6);
        var random = new Random(3);
        var noise = x.Select(_ => (float)random.NextDouble()).ToArray();
        Assert.True(Math.Abs(ImageMetrics.Pearson(x, noise)) < 0.1);
        Assert.Equal(0, ImageMetrics.Pearson(x, new float[x.Length]));
    }

    [Fact]
    public void Ssim_is_one_for_identical_images_and_near_zero_against_noise()
    {
        var x = SmoothImages.Create(48, 40, 2);
        Assert.Equal(1, ImageMetrics.Ssim(x.Pixels, x.Pixels, 48, 40), 6);
        var random = new Random(4);
        var noise = x.Pixels.Select(_ => (float)random.NextDouble()).ToArray();
        Assert.True(Math.Abs(ImageMetrics.Ssim(noise, x.Pixels, 48, 40)) < 0.05);
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(x.Pixels, x.Pixels, 40, 48 + 1));
    }

    [Fact]
    public void Entropy_of_a_uniform_8_bit_histogram_is_8_and_of_a_constant_is_0()
    {
        var all = Enumerable.Range(0, 256 * 4).Select(i => (ushort)(i % 256)).ToArray();
        Assert.Equal(8, ImageMetrics.Entropy(all, 8), 9);
        Assert.Equal(0, ImageMetrics.Entropy(new ushort[100], 8));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Entropy(new ushort[] { 300 }, 8));
    }

    [Fact]
    public void Npcr_counts_changed_positions()
    {
        ushort[] a = [1, 2, 3, 4];
        ushort[] b = [1, 9, 3, 9];
        Assert.Equal(0.5, ImageMetrics.Npcr(a, b));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Npcr(a, b[..3]));
    }

    [Fact]
    public void Gaussian_blur_keeps_the_mean_and_smooths()
    {
        var random = new Random(5);
        var noise = Enumerable.Range(0, 64 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        var blurred = ImageMetrics.GaussianBlur(noise, 64, 64, 4);
        Assert.Equal(noise.Average(), blurred.Average(), 2);
        Assert.True(StdDev(blurred) < StdDev(noise) / 4);
    }

    private static double StdDev(float[] v)
    {
        var mean = v.Average();
        return Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
    }

    [Fact]
    public void Gradient_magnitude_is_zero_on_a_flat_image_and_peaks_at_a_step()
    {
        const int size = 16;
        var flat = Enumerable.Repeat(0.5f, size * size).ToArray();
        Assert.All(ImageMetrics.GradientMagnitude(flat, size, size), v => Assert.Equal(0f, v));
        var step = Enumerable.Range(0, size * size).Select(i => i % size < 8 ? 0f : 1f).ToArray();
        var edges = ImageMetrics.GradientMagnitude(step, size, size);
        Assert.Equal(4f, edges[(5 * size) + 7], 5);
        Assert.Equal(4f, edges[(5 * size) + 8], 5);
        Assert.Equal(0f, edges[(5 * size) + 3]);
        Assert.Equal(0f, edges[(5 * size) + 12]);
    }

    [Fact]
    public void Texture_correlation_is_low_for_noise_independent_of_the_image_and_high_for_noise_whose_strength_follows_it()
    {
        var generator = new ChestRadiographGenerator();
        foreach (var seed in new[] { 1001, 1002, 1003 })
        {
            var pixels = generator.Generate(seed, 256, 256).Pixels;
            var max = (float)pixels.Max();
            var x = pixels.Select(v => v / max).ToArray();
            var random = new Random(seed);
            var independent = x.Select(_ => (float)random.NextDouble()).ToArray();

            // The leak the key gate's other measures miss: the view's mean is flat, its texture is not.
            var modulated = x.Select(v => (float)(0.5 + ((random.NextDouble() - 0.5) * (0.5 + v)))).ToArray();
            Assert.True(Math.Abs(ImageMetrics.Pearson(modulated, x)) < 0.1);
            Assert.InRange(ImageMetrics.TextureCorrelation(independent, x, 256, 256), 0, 0.3);
            Assert.InRange(ImageMetrics.TextureCorrelation(modulated, x, 256, 256), 0.9, 1);

            // A faint leak (the noise's amplitude varies by a tenth across the image, measured
            // 0.59-0.70) is still above keygen's warning threshold; independent noise (at most 0.21
            // in 400 draws on these images) stays below it.
            var faint = x.Select(v => (float)(0.5 + ((random.NextDouble() - 0.5) * (0.9 + (0.1 * v))))).ToArray();
            Assert.InRange(ImageMetrics.TextureCorrelation(faint, x, 256, 256), KeyQualityCheck.TextureLeakWarning, 1);
        }
    }
}
