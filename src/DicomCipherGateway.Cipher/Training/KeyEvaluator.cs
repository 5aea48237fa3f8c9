using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>Measures a trained key on held-out images (grey channel 0).</summary>
public static class KeyEvaluator
{
    /// <summary>Blur applied before the low-frequency correlation measure, in pixels.</summary>
    public const double BlurSigma = 4;

    /// <summary>Blur applied before the edge-correlation measure (what a viewer's eye does), in pixels.</summary>
    public const double EdgeBlurSigma = 2;

    /// <summary>Evaluates <paramref name="key"/> on <paramref name="images"/>, quantising the view to <paramref name="viewBits"/>.</summary>
    public static KeyQuality Evaluate(TrainedNetworks key, IReadOnlyList<FloatImage> images, Device device, int viewBits = 16)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Evaluate(key.Encryptor, key.Decryptor, images, device, viewBits);
    }

    internal static KeyQuality Evaluate(CipherNetwork g, CipherNetwork f, IReadOnlyList<FloatImage> images, Device device, int viewBits)
    {
        var psnr = new List<double>();
        var ssim = new List<double>();
        var pearson = new List<double>();
        var blurred = new List<double>();
        var edges = new List<double>();
        var spread = new List<double>();
        var texture = new List<double>();
        g.eval();
        f.eval();
        foreach (var image in images)
        {
            using var scope = NewDisposeScope();
            using var inference = torch.inference_mode();
            var x = TensorImages.ToTensor(image, device);
            var view = TensorImages.Quantise(g.forward(x), viewBits);
            var restored = f.forward(view);
            var viewImage = TensorImages.ToImage(view, 0);
            var restoredImage = TensorImages.ToImage(restored, 0);
            var plain = image.Channel(0);
            var cipher = viewImage.Channel(0);
            psnr.Add(ImageMetrics.Psnr(plain, restoredImage.Channel(0)));
            ssim.Add(ImageMetrics.Ssim(cipher, plain, image.Width, image.Height));
            pearson.Add(Math.Abs(ImageMetrics.Pearson(cipher, plain)));
            blurred.Add(Math.Abs(ImageMetrics.Pearson(
                ImageMetrics.GaussianBlur(cipher, image.Width, image.Height, BlurSigma),
                ImageMetrics.GaussianBlur(plain, image.Width, image.Height, BlurSigma))));
            spread.Add(StandardDeviation(cipher));
            edges.Add(Math.Abs(ImageMetrics.Pearson(EdgeMap(cipher, image.Width, image.Height), EdgeMap(plain, image.Width, image.Height))));
            texture.Add(ImageMetrics.TextureCorrelation(cipher, plain, image.Width, image.Height));
        }

        return new KeyQuality(psnr.Average(), psnr.Min(), ssim.Average(), ssim.Max(), pearson.Average(), pearson.Max(), blurred.Average(), edges.Average(), edges.Max(), images.Count, spread.Min(), texture.Average(), texture.Max());
    }

    private static double StandardDeviation(ReadOnlySpan<float> values)
    {
        double sum = 0;
        double squares = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += (double)v * v;
        }

        var mean = sum / values.Length;
        return Math.Sqrt(Math.Max(0, (squares / values.Length) - (mean * mean)));
    }

    private static float[] EdgeMap(ReadOnlySpan<float> image, int width, int height) =>
        ImageMetrics.GradientMagnitude(ImageMetrics.GaussianBlur(image, width, height, EdgeBlurSigma), width, height);
}
