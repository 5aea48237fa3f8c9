using System.CommandLine;
using System.Globalization;
using DicomCipherGateway.Cipher.Keys;
using TorchSharp;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// The demo's key, made the way an administrator makes one (<c>dcg keygen</c>, quality gate on),
/// and the one place that decides how: the training set and every training parameter are here.
/// </summary>
internal static class DemoKey
{
    /// <summary>Generated training images (synthetic radiographs, seeds 1..N).</summary>
    public const int TrainingImages = 24;

    /// <summary>Width and height of the training images.</summary>
    public const int TrainingSize = 256;

    /// <summary>Fixed seed: the demo is repeatable (a seeded key is not secret; the demo's never leaves its folder).</summary>
    public const long Seed = 7;

    /// <summary>Two libtorch threads (the demo has the machine to itself); seeded training is reproducible at a given thread count.</summary>
    public const int Threads = 2;

    /// <summary>Trains the key into <paramref name="keyring"/> under a fresh KEK; returns its id and the quality gate's line.</summary>
    /// <param name="steps">The quick preset's steps when null (shorter only for tests: a short key is weak).</param>
    /// <param name="minPsnr">The quick preset's floor when null.</param>
    /// <param name="cancellationToken">Ctrl-C: stops the training (keygen writes no key then).</param>
    public static async Task<(KeyId Id, string Quality)> CreateAsync(string root, string keyring, string kekFile, int? steps, double? minPsnr, TextWriter log, CancellationToken cancellationToken)
    {
        var training = Path.Combine(root, "key-training");
        DemoCommand.Check(DataSynthCommand.Run(new DirectoryInfo(training), TrainingImages, TrainingSize, 1, TextWriter.Null, TextWriter.Null) == ExitCodes.Success, "dcg data synth could not write the training images");
        var key = Path.Combine(keyring, "demo.dcgkey");
        var args = new List<string>
        {
            "keygen", "--preset", "quick", "--training", training, "--output", key, "--kek-file", kekFile, "--create-kek",
            "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--threads", Threads.ToString(CultureInfo.InvariantCulture), "--device", "cpu",
        };
        if (steps is { } s)
        {
            args.AddRange(["--steps", s.ToString(CultureInfo.InvariantCulture)]);
        }

        if (minPsnr is { } floor)
        {
            args.AddRange(["--min-psnr", floor.ToString(CultureInfo.InvariantCulture)]);
        }

        log.WriteLine($"    dcg {string.Join(' ', args)}");
        log.Flush();

        // keygen judges the key on held-out images (PSNR of the decryption, view statistics,
        // constant view) before it writes it, and refuses a broken key: the demo stops here then.
        // The demo owns Ctrl-C (InterruptSignal): keygen gets its token, not a handler of its own.
        var exit = await new RootCommand { KeygenCommand.Create() }.Parse([.. args])
            .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken).ConfigureAwait(false);
        DemoCommand.Check(exit == 0 && File.Exists(key), "dcg keygen failed or its quality gate refused the key (see above)");
        using var kek = KeyEncryptionKey.FromFile(kekFile);
        using var opened = KeyFile.Read(key, kek, torch.CPU);
        var quality = opened.Metadata.QualityCheck?.Describe() ?? "no quality check recorded";
        log.WriteLine($"    key {opened.Id} in {key} (sealed under {kekFile}); loss curve {key}.loss.png");
        log.WriteLine($"    quality gate: {quality}");
        return (opened.Id, quality);
    }
}
