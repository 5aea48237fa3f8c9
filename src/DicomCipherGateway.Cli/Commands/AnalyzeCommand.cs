using System.CommandLine;
using DicomCipherGateway.Cipher.Analysis;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg analyze</c>: the security report of a key (statistics, differential tests, fidelity, key sensitivity, attacks, speed).</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var keyFile = new Option<FileInfo>("--key") { Description = "The key file to analyse.", Required = true };
        var images = new Option<DirectoryInfo>("--images") { Description = "Folder of plaintext images (DICOM or PNG), e.g. from dcg data synth; more are synthesised when a study needs them.", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for report.md, report.json and the figures.", Required = true };
        var quick = new Option<bool>("--quick") { Description = "Far fewer images, sequences and steps: for tests; the report says so." };
        var view = new Option<string>("--view") { Description = "The view to analyse: g (G(x), default) or noise.", DefaultValueFactory = _ => "g" };
        var others = new Option<FileInfo[]>("--other-key") { Description = "Further keys (same KEK) for key randomness and the paper's adversaries; repeatable.", AllowMultipleArgumentsPerToken = true };
        var sections = new Option<string[]>("--sections") { Description = $"Run only these studies (a long run split in parts, or cut short): {string.Join(", ", SecurityAnalysis.SectionNames)}; the report says which were not run.", AllowMultipleArgumentsPerToken = true };
        var attackPairs = new Option<int[]>("--attack-pairs") { Description = "Known-plaintext attack: the numbers N of pairs to try (default 1 10 100 1000; quick 1 4 16).", AllowMultipleArgumentsPerToken = true };
        var attackSteps = new Option<int?>("--attack-steps") { Description = "Known/chosen-plaintext attack: training steps per attacker (default 400; quick 6)." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 1 };
        var kek = new KekOptions();
        var command = new Command("analyze", "Write a security report for a key: statistics with their critical values, differential tests, fidelity, keys, attacks, speed.");
        foreach (var option in new Option[] { keyFile, images, output, quick, view, others, sections, attackPairs, attackSteps, threads })
        {
            command.Options.Add(option);
        }

        kek.AddTo(command);
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var viewName = result.GetValue(view)!.Trim().ToLowerInvariant();
            var analysed = viewName switch
            {
                "g" => AnalysedView.G,
                "noise" => AnalysedView.Noise,
                _ => throw new CommandLineException($"--view must be g or noise, not '{viewName}'."),
            };
            var picked = result.GetValue(sections) is { Length: > 0 } names
                ? names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(n => n.ToLowerInvariant()).ToHashSet()
                : null;
            var unknown = picked?.Except(SecurityAnalysis.SectionNames).ToArray() ?? [];
            if (unknown.Length > 0)
            {
                throw new CommandLineException($"--sections: unknown {string.Join(", ", unknown)}; choose from {string.Join(", ", SecurityAnalysis.SectionNames)}.");
            }

            if (result.GetValue(attackPairs)?.Any(n => n < 1) == true || result.GetValue(attackSteps) < 1)
            {
                throw new CommandLineException("--attack-pairs and --attack-steps must be at least 1.");
            }

            var imageFolder = result.GetValue(images)!;
            if (!imageFolder.Exists)
            {
                throw new CommandLineException($"the image folder {imageFolder.FullName} does not exist.");
            }

            using var keyEncryptionKey = kek.Resolve(result);
            var environment = TorchRuntime.Configure(TorchDeviceChoice.Cpu, result.GetValue(threads), forTraining: true);
            Console.Error.WriteLine($"dcg analyze: {environment}");
            using var key = KeyFile.Read(result.GetValue(keyFile)!.FullName, keyEncryptionKey, environment.Device);
            var otherKeys = new List<CipherKey>();
            try
            {
                foreach (var other in result.GetValue(others) ?? [])
                {
                    otherKeys.Add(KeyFile.Read(other.FullName, keyEncryptionKey, environment.Device));
                }

                var plaintexts = TrainingImages.Load(imageFolder.FullName, 1);
                var options = (result.GetValue(quick) ? AnalysisOptions.Quick : AnalysisOptions.Full) with { View = analysed, Sections = picked };
                if (result.GetValue(attackPairs) is { Length: > 0 } pairs)
                {
                    options = options with { AttackPairs = pairs.Distinct().Order().ToArray() };
                }

                if (result.GetValue(attackSteps) is { } stepCount)
                {
                    options = options with { AttackSteps = stepCount };
                }

                var report = new AnalysisReport(result.GetValue(output)!.FullName);
                var context = new AnalysisContext(key, plaintexts, options, report, new ConsoleProgress());
                SecurityAnalysis.Run(context, otherKeys);
                Console.WriteLine(Path.Combine(report.Directory, "report.md"));
                return ExitCodes.Success;
            }
            finally
            {
                foreach (var other in otherKeys)
                {
                    other.Dispose();
                }
            }
        })));
        return command;
    }

    /// <summary>Progress lines on stderr, with the elapsed time (synchronous: the studies report from their own thread).</summary>
    private sealed class ConsoleProgress : IProgress<string>
    {
        private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

        public void Report(string value) => Console.Error.WriteLine($"dcg analyze [{clock.Elapsed:mm\\:ss}] {value}");
    }
}
