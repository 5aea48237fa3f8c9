using System.CommandLine;
using System.Globalization;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Torch;
using TorchSharp;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg bench cipher</c>: images/s through G per inference variant, next to AES-256-GCM and the paper's figures.</summary>
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
        var seconds = new Option<double>("--seconds") { Description = "Time budget per variant and size.", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Images per forward pass.", DefaultValueFactory = _ => 1 };
        var keyFile = new Option<FileInfo?>("--key") { Description = "A trained key file: its G is timed and F's decryption PSNR is reported (else a paper-shaped G with random weights)." };
        var images = new Option<DirectoryInfo?>("--images") { Description = "Held-out PNG images for the decryption PSNR (with --key)." };
        var kek = new KekOptions();
        var command = new Command("cipher", "Images/s through G at each size: fp32 module, fp32 folded channels-last, bf16 folded channels-last, and AES-256-GCM.");
        foreach (var option in new Option[] { sizes, seconds, threads, batch, keyFile, images })
        {
            command.Options.Add(option);
        }

        kek.AddTo(command);
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var environment = TorchRuntime.Configure(TorchDeviceChoice.Cpu, result.GetValue(threads));
            var key = result.GetValue(keyFile);
            using var kekValue = key is null ? null : kek.Resolve(result);
            using var loaded = key is null ? null : KeyFile.Read(key.FullName, kekValue!, environment.Device);
            using var random = loaded is null ? new CipherNetwork("G", DlednetArchitecture.Paper) : null;
            var g = loaded?.Encryptor ?? random!;
            var psnrImages = result.GetValue(images) is { } dir ? ImageFolder.Load(dir.FullName, g.Architecture.Channels) : null;
            var bench = new CipherBenchmark(TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(batch));
            Console.WriteLine($"G: {g.Architecture.Channels} channel(s), {g.Architecture.ResidualBlocks} residual blocks{(loaded is null ? " (random weights)" : $", key {loaded.Id}")}; {environment}; batch {result.GetValue(batch)}; {Environment.ProcessorCount} logical CPUs");
            Console.WriteLine();
            Console.WriteLine("| size | variant | images/s | paper (RTX 2080 Ti) | decryption PSNR (dB) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            foreach (var size in result.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
            {
                var paper = CipherBenchmark.PaperImagesPerSecond.TryGetValue(size, out var p) ? p.ToString("F2", CultureInfo.InvariantCulture) : "-";
                foreach (var row in bench.Run(g, loaded?.Decryptor, size, psnrImages))
                {
                    var psnr = row.DecryptionPsnr is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
                    Console.WriteLine($"| {size}×{size} | {row.Variant} | {row.ImagesPerSecond.ToString("F2", CultureInfo.InvariantCulture)} | {paper} | {psnr} |");
                }
            }

            return 0;
        }));
        return command;
    }
}
