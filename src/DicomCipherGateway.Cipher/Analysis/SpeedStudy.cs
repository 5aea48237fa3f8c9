using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Analysis.Baselines;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using static DicomCipherGateway.Cipher.Analysis.AnalysisReport;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>Section 7: images per second at 256² and 512², our cipher (fp32, bf16) beside AES-256-GCM and two chaotic ciphers, in one run (the paper's Fig. 12).</summary>
public static class SpeedStudy
{
    public static void Run(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.Report;
        var seconds = context.Options.SpeedSeconds;
        var rows = new List<IReadOnlyList<string>>();
        var json = new JsonObject();
        var bars = new List<(string, double)>();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        foreach (var side in new[] { 256, 512 })
        {
            var radiograph = new Synthetic.ChestRadiographGenerator().Generate(7, side, side);
            var plain = AnalysisContext.Normalise(radiograph.Pixels, side, side);
            var plain8 = GrayImage.From(plain).Pixels;
            var plain16 = new byte[side * side * 2];
            Buffer.BlockCopy(radiograph.Pixels, 0, plain16, 0, plain16.Length);
            using var aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
            var logistic = new LogisticMapCipher(0.3141592, 3.99);
            var lscm = new Lscm2DCipher(0.2718281, 0.5772156, 0.99);
            var candidates = new (string Name, Action Encrypt)[]
            {
                ("our G, fp32", () => context.Key.Encrypt([plain])),
                ("our G, bf16", () => context.Key.Encrypt([plain], new InferenceOptions(Precision: InferencePrecision.BFloat16))),
                ("AES-256-GCM (16-bit pixels)", () =>
                {
                    var cipher = new byte[plain16.Length];
                    Span<byte> tag = stackalloc byte[16];
                    aes.Encrypt(RandomNumberGenerator.GetBytes(12), plain16, cipher, tag);
                }),
                (logistic.Name, () => logistic.Encrypt(plain8)),
                (lscm.Name, () => lscm.Encrypt(plain8)),
            };
            foreach (var (name, encrypt) in candidates)
            {
                context.Progress.Report($"speed: {name} at {side}²");
                encrypt();
                var clock = Stopwatch.StartNew();
                var images = 0;
                while (clock.Elapsed.TotalSeconds < seconds || images == 0)
                {
                    encrypt();
                    images++;
                }

                var rate = images / clock.Elapsed.TotalSeconds;
                rows.Add([name, $"{side}²", F(rate, 2)]);
                json[$"{name} {side}"] = N(rate);
                bars.Add(($"{name} {side}", rate));
            }
        }

        report.Heading("7. Speed");
        report.Paragraph($"Images encrypted per second on this machine, one run, {TorchSharp.torch.get_num_threads()} libtorch thread(s), load average {load} at the start, at least {seconds.ToString(CultureInfo.InvariantCulture)} s per row. "
            + "Paper Fig. 12 (GPU, GTX 2080 Ti): 14.28 images/s at 256², 3.65 at 512², faster than the five chaotic ciphers it compares. Here the chaotic ciphers are plain managed code without tuning, as the published ones are.");
        report.Table(["cipher", "size", "images/s"], rows);
        ReportFigures.Bars(bars.Select(b => (b.Item1.Replace("permutation–diffusion", "p-d", StringComparison.Ordinal), Math.Log10(b.Item2))).ToArray(), "Encryption speed (paper Fig. 12)", "log10 images/s", report.FigurePath("speed.png", "Encryption speed"));
        report.Set("speed", json);
    }
}
