using System.Diagnostics;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// Images/s through G for each inference variant, next to AES-256-GCM over the same 16-bit pixel
/// bytes measured in the same run, and the paper's GPU figures.
/// </summary>
internal sealed class CipherBenchmark(TimeSpan budget, int batch)
{
    public static readonly IReadOnlyDictionary<int, double> PaperImagesPerSecond = new Dictionary<int, double> { [256] = 14.28, [512] = 3.65 };

    public sealed record Row(int Size, string Variant, double ImagesPerSecond, double? DecryptionPsnr);

    /// <summary>Times G of <paramref name="key"/> (or of a paper-shaped network with random weights) on <paramref name="size"/>² frames.</summary>
    public IEnumerable<Row> Run(CipherNetwork g, CipherNetwork? f, int size, IReadOnlyList<FloatImage>? psnrImages)
    {
        using var scope = NewDisposeScope();
        var input = torch.rand(batch, g.Architecture.Channels, size, size) * 2 - 1;
        g.eval();
        yield return new Row(size, "fp32, module as written (NCHW, batch norm)", Time(t => { using var n = torch.no_grad(); return g.forward(t); }, input), Psnr(f, null, psnrImages, g));
        foreach (var precision in new[] { InferencePrecision.Float32, InferencePrecision.BFloat16 })
        {
            using var folded = new FoldedCipherNetwork(g, precision);
            using var foldedF = f is null ? null : new FoldedCipherNetwork(f, precision);
            var name = precision == InferencePrecision.Float32 ? "fp32, folded batch norm, channels-last" : "bf16, folded batch norm, channels-last";
            yield return new Row(size, name, Time(folded.Forward, input), Psnr(f, (folded, foldedF), psnrImages, g));
        }

        yield return new Row(size, "AES-256-GCM over the same 16-bit pixels", AesImagesPerSecond(size * size * 2 * g.Architecture.Channels), null);
    }

    private double Time(Func<Tensor, Tensor> network, Tensor input)
    {
        using (NewDisposeScope())
        {
            network(input); // warm-up: first call allocates and picks kernels
        }

        var images = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < budget || images == 0)
        {
            using var scope = NewDisposeScope();
            network(input);
            images += (int)input.shape[0];
        }

        return images / watch.Elapsed.TotalSeconds;
    }

    private double AesImagesPerSecond(int bytes)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var pixels = RandomNumberGenerator.GetBytes(bytes);
        var output = new byte[bytes];
        var tag = new byte[16];
        var nonce = new byte[12];
        using var aes = new AesGcm(key, 16);
        var images = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < budget)
        {
            nonce[0]++;
            aes.Encrypt(nonce, pixels, output, tag);
            images++;
        }

        return images / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Mean PSNR of F(16-bit view of G(x)) against x, for the module or a folded pair.</summary>
    private static double? Psnr(CipherNetwork? f, (FoldedCipherNetwork G, FoldedCipherNetwork? F)? folded, IReadOnlyList<FloatImage>? images, CipherNetwork g)
    {
        if (f is null || images is null || images.Count == 0)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var image in images)
        {
            using var scope = NewDisposeScope();
            using var inference = torch.inference_mode();
            var x = TensorImages.ToTensor(image, torch.CPU);
            var view = TensorImages.Quantise(folded is { } p ? p.G.Forward(x) : g.forward(x), 16);
            var restored = folded is { } q ? q.F!.Forward(view) : f.forward(view);
            values.Add(ImageMetrics.Psnr(image.Channel(0), TensorImages.ToImage(restored, 0).Channel(0)));
        }

        return values.Average();
    }
}
