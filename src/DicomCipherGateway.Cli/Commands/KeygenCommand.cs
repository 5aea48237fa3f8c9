using System.CommandLine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg keygen</c>: trains a new DLEDNet key (G, F) and writes it as a key file sealed under a KEK.</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "quick (minutes on 2 CPU cores) or paper (256×256, meant for a GPU).", DefaultValueFactory = _ => "quick" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Key file to write (conventionally NAME.dcgkey).", Required = true };
        var training = new Option<DirectoryInfo>("--training") { Description = "Folder (searched recursively) of training images: DICOM objects of any modality and bit depth, or PNG/JPEG/BMP.", Required = true };
        var hidden = new Option<DirectoryInfo?>("--hidden-factors") { Description = "Folder of hidden-factor images (the target domain); default: noise from the key's own randomness." };
        var seed = new Option<long?>("--seed") { Description = "Fixed seed, for tests only: the key is then reproducible and NOT secret." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int?>("--steps") { Description = "Override the preset's number of steps." };
        var resume = new Option<bool>("--resume") { Description = "Continue from OUTPUT.checkpoint (sealed under the same KEK)." };
        var createKek = new Option<bool>("--create-kek") { Description = "Create the --kek-file with a fresh random key if it does not exist." };
        var lossCurve = new Option<FileInfo?>("--loss-curve") { Description = "Loss-curve PNG to write (default OUTPUT.loss.png)." };
        var minPsnr = new Option<double?>("--min-psnr") { Description = "Mean held-out decryption PSNR (dB) the key must reach to be written (default: the preset's floor, 30 for quick)." };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Override the preset's Adam learning rate (experiments)." };
        var residualBlocks = new Option<int?>("--residual-blocks") { Description = "Override the preset's depth (residual blocks of G and F; the paper uses 9): a different architecture, for the security analysis's adversaries." };
        var force = new Option<bool>("--force") { Description = "Write the key even if it fails the quality gate (experiments only; recorded in the key)." };
        var kek = new KekOptions();
        var command = new Command("keygen", "Generate a DLEDNet key by training G, F and D (key generation = training).");
        foreach (var option in new Option[] { preset, output, training, hidden, seed, device, threads, steps, resume, createKek, lossCurve, minPsnr, learningRate, residualBlocks, force })
        {
            command.Options.Add(option);
        }

        kek.AddTo(command);
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var outputFile = result.GetValue(output)!;
            if (outputFile.Exists || Directory.Exists(outputFile.FullName))
            {
                // Also with --resume: a checkpoint continues a run whose key was never written, and
                // KeyFile.Write refuses an existing name anyway (a race during training).
                throw new CommandLineException($"{outputFile.FullName} exists; choose another --output (keys are never overwritten{(result.GetValue(resume) ? ", not even by --resume" : string.Empty)}).");
            }

            if (result.GetValue(residualBlocks) is < 1 or > 64)
            {
                throw new CommandLineException("--residual-blocks must be between 1 and 64.");
            }

            using var keyEncryptionKey = kek.Resolve(result, result.GetValue(createKek));
            var environment = TorchRuntime.Configure(TorchRuntime.ParseDevice(result.GetValue(device)!), result.GetValue(threads), forTraining: true);
            Console.Error.WriteLine($"dcg keygen: {environment}");
            var options = KeyGenerationOptions.Preset(result.GetValue(preset)!);
            options = options with
            {
                Seed = result.GetValue(seed),
                Steps = result.GetValue(steps) ?? options.Steps,
                QualityFloorDb = result.GetValue(minPsnr) ?? options.QualityFloorDb,
                LearningRate = result.GetValue(learningRate) ?? options.LearningRate,
            };
            if (result.GetValue(residualBlocks) is { } blocks)
            {
                options = options with { Architecture = options.Architecture with { ResidualBlocks = blocks } };
            }

            if (options.Seed is not null)
            {
                Console.Error.WriteLine("dcg keygen: WARNING --seed makes the key reproducible by anyone who knows the seed: for tests only.");
            }

            var (images, checkImages, checkSet) = KeyCheckSet.Split(TrainingImages.Load(result.GetValue(training)!.FullName, options.Architecture.Channels), options);
            var hiddenFolder = result.GetValue(hidden);
            HiddenFactorSource factors = hiddenFolder is null
                ? new NoiseHiddenFactors()
                : new ImageHiddenFactors(ImageFolder.Load(hiddenFolder.FullName, options.Architecture.Channels), hiddenFolder.Name);
            var checkpoints = new SealedCheckpointFile(outputFile.FullName + ".checkpoint", keyEncryptionKey);
            if (!result.GetValue(resume) && File.Exists(checkpoints.Path))
            {
                throw new CommandLineException($"{checkpoints.Path} exists from an interrupted run: pass --resume to continue it, or delete it.");
            }

            Console.Error.WriteLine($"dcg keygen: preset {options.PresetName}, {options.Architecture.ResidualBlocks} residual blocks, {options.Steps} steps of {options.BatchSize}×{options.CropSize}², {images.Count} training images, hidden factors {factors.Description}");
            using var trained = new KeyGenerator(options, environment.Device).Train(images, factors, new TrainingProgressBar(), checkpoints, cancellationToken);
            Console.Error.WriteLine($"dcg keygen: trained with {trained.Summary.ConvolutionKernels}");
            var quality = KeyEvaluator.Evaluate(trained, checkImages, environment.Device);
            var check = KeyQualityCheck.Judge(quality, options.QualityFloorDb, result.GetValue(force), checkSet);
            Console.Error.WriteLine($"dcg keygen: quality gate: {check.Describe()}");
            if (check.TextureLeaks)
            {
                Console.Error.WriteLine($"dcg keygen: {check.TextureWarning}");
            }
            if (!check.Passed && !check.Forced)
            {
                // The run finished: resuming its checkpoint would give the same key again.
                checkpoints.Delete();
                throw new KeyGenerationException(
                    $"the key failed its quality gate ({check.Verdict}); no key was written. Train again (another seed, more steps or images), " +
                    "lower the floor with --min-psnr, or write it anyway with --force (experiments only).");
            }

            using var key = CipherKey.FromTraining(trained, environment.Device, check);
            KeyFile.Write(key, outputFile.FullName, keyEncryptionKey);
            checkpoints.Delete();
            var curve = result.GetValue(lossCurve)?.FullName ?? outputFile.FullName + ".loss.png";
            LossCurvePlot.Save(trained.History, curve);
            Console.WriteLine(key.Id);
            Console.Error.WriteLine($"dcg keygen: wrote key {key.Id} to {outputFile.FullName}, loss curve {curve}");
            return 0;
        })));
        return command;
    }
}
