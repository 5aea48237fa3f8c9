using System.CommandLine;
using System.Globalization;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg bench cipher</c>: images/s through G per step of the fast path, next to AES-256-GCM and the paper's figures.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure the engine's speed.");
        command.Subcommands.Add(Cipher());
        return command;
    }

    private static Command Cipher()
    {
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated image sides.", DefaultValueFactory = _ => "256,512" };
        var seconds = new Option<double>("--seconds") { Description = "Time per variant for each size, thread count and batch (split over the rounds).", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds over the variants; the median and best round are reported.", DefaultValueFactory = _ => 5 };
        var threads = new Option<string>("--threads") { Description = "Comma-separated libtorch intra-op thread counts to compare (0: cores - 1).", DefaultValueFactory = _ => "1,2" };
        var batch = new Option<string>("--batch") { Description = "Comma-separated images per forward pass to compare.", DefaultValueFactory = _ => "1,4" };
        var keyFile = new Option<FileInfo?>("--key") { Description = "A trained key file: its G is timed and F's decryption PSNR is reported per variant (else a paper-shaped G with random weights)." };
        var images = new Option<DirectoryInfo?>("--images") { Description = "Held-out images (DICOM or PNG/JPEG/BMP, searched recursively) for the decryption PSNR (with --key)." };
        var kek = new KekOptions();
        var command = new Command("cipher", "Images/s through G at each size for each step of the inference fast path (fp32 and bf16), and AES-256-GCM over the same pixels.");
        foreach (var option in new Option[] { sizes, seconds, rounds, threads, batch, keyFile, images })
        {
            command.Options.Add(option);
        }

        kek.AddTo(command);
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var threadCounts = ParseList(result.GetValue(threads)!, "--threads", allowZero: true);
            var batches = ParseList(result.GetValue(batch)!, "--batch", allowZero: false);
            var sides = ParseList(result.GetValue(sizes)!, "--sizes", allowZero: false);
            var roundCount = result.GetValue(rounds);
            if (roundCount < 1 || result.GetValue(seconds) <= 0)
            {
                throw new CommandLineException("--rounds must be at least 1 and --seconds positive.");
            }

            var environment = TorchRuntime.Configure(TorchDeviceChoice.Cpu, threadCounts[0]);
            var key = result.GetValue(keyFile);
            var imageFolder = result.GetValue(images);
            if (imageFolder is not null && key is null)
            {
                throw new CommandLineException("--images needs --key: the decryption PSNR is F's, and only a trained key has an F worth measuring.");
            }

            using var kekValue = key is null ? null : kek.Resolve(result);
            using var loaded = key is null ? null : KeyFile.Read(key.FullName, kekValue!, environment.Device);
            using var random = loaded is null ? new CipherNetwork("G", DlednetArchitecture.Paper) : null;
            var g = loaded?.Encryptor ?? random!;
            var bench = new CipherBenchmark(TimeSpan.FromSeconds(result.GetValue(seconds)), roundCount);
            Console.WriteLine($"G: {g.Architecture.Channels} channel(s), {g.Architecture.ResidualBlocks} residual blocks{(loaded is null ? " (random weights)" : $", key {loaded.Id}")}; {environment.DeviceName}; {Environment.ProcessorCount} logical CPUs; libtorch interop threads {torch.get_num_interop_threads()}");
            Console.WriteLine($"{roundCount} interleaved rounds of {result.GetValue(seconds) / roundCount:F2} s per variant; images/s as median (best round);");
            Console.WriteLine("CPU-normalised = images × threads ÷ process CPU seconds: the estimate for cores not shared with other work (errs low).");
            Console.WriteLine();
            Console.WriteLine("| size | threads | batch | variant | images/s median (best) | CPU-normalised images/s | paper (RTX 2080 Ti) | load average before → after |");
            Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---|");
            foreach (var size in sides)
            {
                var paper = CipherBenchmark.PaperImagesPerSecond.TryGetValue(size, out var p) ? p.ToString("F2", CultureInfo.InvariantCulture) : "-";
                foreach (var threadCount in threadCounts)
                {
                    torch.set_num_threads(threadCount > 0 ? threadCount : Math.Max(1, Environment.ProcessorCount - 1));
                    foreach (var b in batches)
                    {
                        var before = LoadAverage();
                        var rows = bench.Run(g, size, b);
                        var load = $"{before} → {LoadAverage()}";
                        foreach (var row in rows)
                        {
                            Console.WriteLine($"| {size}×{size} | {torch.get_num_threads()} | {b} | {row.Variant} | {F(row.MedianImagesPerSecond)} ({F(row.BestImagesPerSecond)}) | {(double.IsNaN(row.MedianCpuNormalised) ? "-" : F(row.MedianCpuNormalised))} | {paper} | {load} |");
                        }
                    }
                }
            }

            if (loaded is not null && imageFolder is not null)
            {
                var held = TrainingImages.Load(imageFolder.FullName, g.Architecture.Channels);
                Console.WriteLine();
                Console.WriteLine($"Decryption PSNR of F(16-bit view of G(x)) against x, {held.Count} held-out image(s), G and F both run as the variant:");
                Console.WriteLine();
                Console.WriteLine("| variant | mean PSNR vs x (dB) | lowest (dB) | mean PSNR vs the module's decryption (dB) |");
                Console.WriteLine("|---|---:|---:|---:|");
                IReadOnlyList<Cipher.Pixels.FloatImage>? reference = null;
                foreach (var variant in CipherBenchmark.Variants)
                {
                    var quality = CipherBenchmark.DecryptionPsnr(loaded.Encryptor, loaded.Decryptor, variant, held, reference);
                    reference ??= quality.Decrypted;
                    var againstReference = quality.AgainstReference is { } r ? (double.IsPositiveInfinity(r) ? "identical" : r.ToString("F1", CultureInfo.InvariantCulture)) : "(reference)";
                    Console.WriteLine($"| {variant.Name} | {quality.Mean.ToString("F2", CultureInfo.InvariantCulture)} | {quality.Min.ToString("F2", CultureInfo.InvariantCulture)} | {againstReference} |");
                }
            }

            return 0;
        }));
        return command;
    }

    private static string F(double value) => value.ToString(value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);

    private static int[] ParseList(string text, string option, bool allowZero)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (value == 0 && !allowZero) || value > 65536)
            {
                throw new CommandLineException($"{option}: '{part}' is not a {(allowZero ? "non-negative" : "positive")} whole number.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? [.. values] : throw new CommandLineException($"{option} needs at least one value.");
    }

    /// <summary>The 1-minute load average (Linux), next to every number so readers can judge the contention.</summary>
    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? File.ReadAllText(path).Split(' ')[0] : "n/a";
    }
}
