using System.Diagnostics;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// Images/s through G for each step of the inference fast path, next to AES-256-GCM over the same
/// 16-bit pixel bytes measured in the same run, and the paper's GPU figures. The variants are
/// timed in interleaved rounds so that a change of load on a shared machine hits all of them alike.
/// </summary>
internal sealed class CipherBenchmark(TimeSpan budget, int rounds)
{
    public static readonly IReadOnlyDictionary<int, double> PaperImagesPerSecond = new Dictionary<int, double> { [256] = 14.28, [512] = 3.65 };

    /// <summary>The steps, in the order they are applied; null features = the training module as written.</summary>
    public static readonly IReadOnlyList<Variant> Variants =
    [
        new("fp32, module as written (NCHW, batch norm modules)", InferencePrecision.Float32, null),
        new("fp32, batch norm folded (NCHW)", InferencePrecision.Float32, FastPathFeatures.None),
        new("fp32, folded + channels-last", InferencePrecision.Float32, FastPathFeatures.ChannelsLast),
        new("fp32, folded + channels-last + tap output conv (default)", InferencePrecision.Float32, FastPathFeatures.All),
        new("fp32, + Winograd F(4×4,3×3) residual convs (opt-in)", InferencePrecision.Float32, FastPathFeatures.All | FastPathFeatures.WinogradResidual),
        new("bf16, folded + channels-last", InferencePrecision.BFloat16, FastPathFeatures.ChannelsLast),
        new("bf16, folded + channels-last + tap output conv", InferencePrecision.BFloat16, FastPathFeatures.ChannelsLast | FastPathFeatures.TapOutputConvolution),
        new("bf16, + input padded to 4 channels (all steps)", InferencePrecision.BFloat16, FastPathFeatures.All),
    ];

    public sealed record Variant(string Name, InferencePrecision Precision, FastPathFeatures? Features);

    /// <summary>
    /// One variant's result. <paramref name="MedianCpuNormalised"/> = images × threads ÷ CPU seconds of the
    /// process: on a shared machine it estimates what the same threads give when they have their cores
    /// to themselves (a thread that is descheduled uses no CPU time); it errs low, because the other
    /// thread spins at barriers while one waits for a core.
    /// </summary>
    public sealed record Row(string Variant, double MedianImagesPerSecond, double BestImagesPerSecond, double MedianCpuNormalised);

    /// <summary>Times every variant of <paramref name="g"/> on <paramref name="batch"/> frames of <paramref name="size"/>², then AES-256-GCM.</summary>
    public IReadOnlyList<Row> Run(CipherNetwork g, int size, int batch)
    {
        using var scope = NewDisposeScope();
        var input = torch.rand(batch, g.Architecture.Channels, size, size) * 2 - 1;
        g.eval();
        var networks = Variants.Select(v => Build(g, v)).ToList();
        try
        {
            var samples = Variants.Select(_ => new List<double>()).ToList();
            var normalised = Variants.Select(_ => new List<double>()).ToList();
            for (var i = 0; i < networks.Count; i++)
            {
                using (NewDisposeScope())
                {
                    networks[i].Forward(input); // warm-up: first call allocates and picks kernels
                }
            }

            var slice = budget / rounds;
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < networks.Count; i++)
                {
                    var (wall, cpu) = Time(networks[i].Forward, input, slice);
                    samples[i].Add(wall);
                    normalised[i].Add(cpu);
                }
            }

            var rows = Variants.Select((v, i) => new Row(v.Name, Median(samples[i]), samples[i].Max(), Median(normalised[i]))).ToList();
            var aes = Enumerable.Range(0, rounds).Select(_ => AesImagesPerSecond(size * size * 2 * g.Architecture.Channels, slice)).ToList();
            rows.Add(new Row("AES-256-GCM over the same 16-bit pixels", Median(aes), aes.Max(), double.NaN));
            return rows;
        }
        finally
        {
            foreach (var network in networks)
            {
                network.Dispose();
            }
        }
    }

    /// <summary>
    /// PSNR of F(16-bit view of G(x)) against x over <paramref name="images"/>, with G and F both run as
    /// <paramref name="variant"/> (what a site decrypting in that precision gets back: mean and lowest),
    /// and the mean PSNR of that decryption against <paramref name="reference"/> (the module's own
    /// decryptions), which isolates what the variant's arithmetic changes.
    /// </summary>
    public static DecryptionQuality DecryptionPsnr(CipherNetwork g, CipherNetwork f, Variant variant, IReadOnlyList<FloatImage> images, IReadOnlyList<FloatImage>? reference)
    {
        g.eval();
        f.eval();
        using var encrypt = Build(g, variant);
        using var decrypt = Build(f, variant);
        var values = new List<double>();
        var againstReference = new List<double>();
        var decrypted = new List<FloatImage>();
        for (var i = 0; i < images.Count; i++)
        {
            using var scope = NewDisposeScope();
            var x = TensorImages.ToTensor(images[i], torch.CPU);
            var view = TensorImages.Quantise(encrypt.Forward(x), 16);
            var restored = TensorImages.ToImage(decrypt.Forward(view), 0);
            decrypted.Add(restored);
            values.Add(ImageMetrics.Psnr(images[i].Pixels, restored.Pixels));
            if (reference is not null)
            {
                againstReference.Add(ImageMetrics.Psnr(reference[i].Pixels, restored.Pixels));
            }
        }

        return new DecryptionQuality(values.Average(), values.Min(), againstReference.Count > 0 ? againstReference.Average() : null, decrypted);
    }

    /// <summary>Decryption PSNR against the plaintext (mean, lowest) and against the reference decryption (mean; infinite when identical).</summary>
    public sealed record DecryptionQuality(double Mean, double Min, double? AgainstReference, IReadOnlyList<FloatImage> Decrypted);

    private static InferenceRunner Build(CipherNetwork network, Variant variant) => variant.Features is { } features
        ? new InferenceRunner(new FoldedCipherNetwork(network, variant.Precision, features))
        : new InferenceRunner(network);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Images per wall-clock second, and images × threads per CPU second of the process.</summary>
    private static (double Wall, double CpuNormalised) Time(Func<Tensor, Tensor> network, Tensor input, TimeSpan slice)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var images = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < slice || images == 0)
        {
            using var scope = NewDisposeScope();
            network(input);
            images += (int)input.shape[0];
        }

        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (images / wall, cpu > 0 ? images * torch.get_num_threads() / cpu : double.NaN);
    }

    private static double AesImagesPerSecond(int bytes, TimeSpan slice)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var pixels = RandomNumberGenerator.GetBytes(bytes);
        var output = new byte[bytes];
        var tag = new byte[16];
        var nonce = new byte[12];
        using var aes = new AesGcm(key, 16);
        var images = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < slice)
        {
            nonce[0]++;
            aes.Encrypt(nonce, pixels, output, tag);
            images++;
        }

        return images / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The module (under no_grad, eval mode) or a folded network, behind one call.</summary>
    private sealed class InferenceRunner : IDisposable
    {
        private readonly CipherNetwork? module;
        private readonly FoldedCipherNetwork? folded;

        public InferenceRunner(CipherNetwork module) => this.module = module;

        public InferenceRunner(FoldedCipherNetwork folded) => this.folded = folded;

        public Tensor Forward(Tensor input)
        {
            if (folded is not null)
            {
                return folded.Forward(input);
            }

            using var noGrad = torch.no_grad();
            return module!.forward(input);
        }

        public void Dispose() => folded?.Dispose();
    }
}
