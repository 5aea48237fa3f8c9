using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.RoiMining;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg roi train|segment|evaluate</c>: ROI mining on ciphertext (§III.B): a lung segmentation
/// network trained on one key's views (or on plaintext, for the comparison), bound to that key,
/// delivering DICOM Segmentations (docs/roi-mining.md).
/// </summary>
internal static class RoiCommand
{
    public static Command Create() => new("roi", "ROI mining: segment the lungs on ciphertext without decrypting.")
    {
        TrainCommand(),
        SegmentCommand(),
        EvaluateCommand(),
    };

    private static Command TrainCommand()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of DICOM objects: ciphertext of ONE key (view g), or plaintext for the comparison.", Required = true };
        var masks = new Option<DirectoryInfo>("--masks") { Description = "Folder of NAME.left-lung.pgm / NAME.right-lung.pgm masks (as dcg data synth writes them).", Required = true };
        var validation = new Option<DirectoryInfo?>("--validation") { Description = "Folder of held-out objects of the same key for the validation Dice (masks in --masks or --validation-masks)." };
        var validationMasks = new Option<DirectoryInfo?>("--validation-masks") { Description = "Masks of --validation (default: --masks)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Model file to write (conventionally NAME.dcgroi).", Required = true };
        var backbone = new Option<string>("--backbone") { Description = "resnet18 (light: basic blocks 2-2-2-2, base width 16) or resnet50 (the paper's: bottleneck 3-4-6-3, width 64); ':W' sets the base width.", DefaultValueFactory = _ => "resnet18" };
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 600 };
        var batch = new Option<int>("--batch") { Description = "Whole images per step.", DefaultValueFactory = _ => 4 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam's learning rate (linear decay to 5 % over the second half).", DefaultValueFactory = _ => 1e-3 };
        var loss = new Option<string>("--loss") { Description = "mse (the paper's eq. 9) or dice-bce.", DefaultValueFactory = _ => "mse" };
        var validateEvery = new Option<int>("--validate-every") { Description = "Steps between validation Dice measurements.", DefaultValueFactory = _ => 50 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (OUTPUT.checkpoint; 0: none).", DefaultValueFactory = _ => 100 };
        var resume = new Option<bool>("--resume") { Description = "Continue from OUTPUT.checkpoint." };
        var seed = new Option<long?>("--seed") { Description = "Fixed seed (tests, reproducible comparisons)." };
        var limit = new Option<int?>("--limit") { Description = "Use at most this many training objects." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 0 };
        var curve = new Option<FileInfo?>("--dice-curve") { Description = "Validation Dice curve PNG (default OUTPUT.dice.png)." };
        var command = new Command("train", "Train a lung segmentation model on the ciphertext of one key (or on plaintext); the model is bound to that key.");
        foreach (var option in new Option[] { data, masks, validation, validationMasks, output, backbone, steps, batch, rate, loss, validateEvery, checkpointEvery, resume, seed, limit, threads, curve })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            var outputFile = result.GetValue(output)!.FullName;
            var checkpoint = outputFile + ".checkpoint";
            if (File.Exists(outputFile))
            {
                throw new CommandLineException($"{outputFile} exists; choose another --output.");
            }

            if (!result.GetValue(resume) && File.Exists(checkpoint))
            {
                throw new CommandLineException($"{checkpoint} exists from an interrupted run: pass --resume to continue it, or delete it.");
            }

            var options = new RoiTrainingOptions(
                RoiArchitecture.Parse(result.GetValue(backbone)!),
                result.GetValue(steps),
                result.GetValue(batch),
                result.GetValue(rate),
                RoiLoss.Parse(result.GetValue(loss)!),
                ReportEvery: Math.Max(1, Math.Min(10, result.GetValue(steps) / 20)),
                ValidateEvery: result.GetValue(validateEvery),
                CheckpointEvery: result.GetValue(checkpointEvery),
                Seed: result.GetValue(seed));
            options.Validate();
            var environment = TorchRuntime.Configure(TorchDeviceChoice.Cpu, result.GetValue(threads), forTraining: true);
            var maskFolder = result.GetValue(masks)!.FullName;
            var training = RoiDataset.Load(result.GetValue(data)!.FullName, maskFolder, result.GetValue(limit) ?? int.MaxValue);
            IReadOnlyList<RoiSample> held = [];
            if (result.GetValue(validation) is { } validationFolder)
            {
                var heldSet = RoiDataset.Load(validationFolder.FullName, result.GetValue(validationMasks)?.FullName ?? maskFolder);
                if (!Nullable.Equals(heldSet.KeyId, training.KeyId))
                {
                    throw new CommandLineException($"the validation objects are {heldSet.Domain} but the training objects are {training.Domain}.");
                }

                held = heldSet.Samples;
            }

            Console.Error.WriteLine($"dcg roi train: {environment}");
            Console.Error.WriteLine($"dcg roi train: {training.Domain}, {training.Samples.Count} training and {held.Count} validation images of {training.Samples[0].Image.Width}x{training.Samples[0].Image.Height}");
            Console.Error.WriteLine($"dcg roi train: backbone {options.Architecture.Description}, loss {RoiLoss.Name(options.Loss)}, {options.Steps} steps of {options.BatchSize}, learning rate {options.LearningRate}");
            Console.Error.WriteLine($"dcg roi train: convolutions: {ConvolutionKernelCheck.Ensure()}");
            var (model, history) = new RoiTrainer(options).Train(training, held, new RoiProgressLines(), checkpoint, cancellationToken);
            using (model)
            {
                model.Save(outputFile);
                if (File.Exists(checkpoint))
                {
                    File.Delete(checkpoint);
                }

                var curvePath = result.GetValue(curve)?.FullName ?? outputFile + ".dice.png";
                if (history.Count > 0)
                {
                    RoiPictures.SaveDiceCurve(history, curvePath, $"ROI mining ({(training.KeyId is null ? "plaintext" : $"key {training.Domain[..8]}…")}, {options.Architecture.Backbone})");
                }

                var m = model.Metadata;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {outputFile} for {m.KeyId}: validation Dice left {m.ValidationDiceLeft:F4} right {m.ValidationDiceRight:F4}, {m.TrainingSeconds:F0} s"));
                Console.Error.WriteLine($"dcg roi train: wrote {outputFile}, Dice curve {curvePath}");
            }

            return ExitCodes.Success;
        })));
        return command;
    }

    private static Command SegmentCommand()
    {
        var input = new Argument<string>("IN") { Description = "A ciphertext object (view g) of the model's key, or a folder of them (recursively)." };
        var output = new Argument<string>("OUT") { Description = "The Segmentation file, or a folder (mirrors IN's subfolders)." };
        var model = new Option<FileInfo>("--model", "-m") { Description = "The model (dcg roi train), bound to the key of the objects.", Required = true };
        var noOverlay = new Option<bool>("--no-overlay") { Description = "Do not write the OUT.png overlay beside each Segmentation." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 0 };
        var command = new Command("segment", "Segment the lungs of ciphertext objects without decrypting: writes a DICOM Segmentation (and a PNG overlay) per object.")
        {
            input, output, model, noOverlay, threads,
        };
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            ConfigureInference(result.GetValue(threads));
            using var roi = RoiModel.Load(result.GetValue(model)!.FullName);
            var jobs = Plan(result.GetValue(input)!, result.GetValue(output)!);
            Console.Error.WriteLine($"dcg roi segment: model for {roi.Metadata.KeyId}, {roi.Metadata.Architecture.Description}; {jobs.Count} object(s)");
            int done = 0, failed = 0;
            foreach (var (source, target) in jobs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var file = DicomFile.Open(source);
                    var roiInput = RoiInput.Read(file);
                    roi.CheckDomain(roiInput.KeyId);
                    var predictions = roiInput.Frames.Select(roi.Predict).ToList();
                    var segmentation = SegmentationObject.Build(file.Dataset, predictions, $"DLEDNet ROI mining {roi.Metadata.Architecture.Backbone}");
                    WriteAtomically(segmentation, target);
                    if (!result.GetValue(noOverlay))
                    {
                        RoiPictures.SaveOverlay(roiInput.Frames[0], predictions[0], target + ".png");
                    }

                    done++;
                }
                catch (RoiDomainException ex)
                {
                    failed++;
                    Console.Error.WriteLine($"dcg roi segment: {source}: refused: {ex.Message}");
                }
                catch (Exception ex) when (ex is CipherObjectException or DicomException or DicomImagingException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
                {
                    failed++;
                    Console.Error.WriteLine($"dcg roi segment: {source}: {ex.Message.ReplaceLineEndings(" ")}");
                }
            }

            Console.Error.WriteLine($"dcg roi segment: {done} segmented, {failed} failed");
            return failed == 0 ? ExitCodes.Success : 1;
        })));
        return command;
    }

    private static Command EvaluateCommand()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The model to measure.", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of held-out objects.", Required = true };
        var masks = new Option<DirectoryInfo>("--masks") { Description = "Their masks.", Required = true };
        var otherKey = new Option<bool>("--any-key") { Description = "Measure even when the objects are of another key than the model's (the attacker experiment; segment always refuses)." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: cores - 1).", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Dice of a model on held-out objects with masks, per lung.") { model, data, masks, otherKey, threads };
        command.SetAction((result, cancellationToken) => Task.FromResult(CommandRunner.Run(() =>
        {
            ConfigureInference(result.GetValue(threads));
            using var roi = RoiModel.Load(result.GetValue(model)!.FullName);
            var set = RoiDataset.Load(result.GetValue(data)!.FullName, result.GetValue(masks)!.FullName);
            if (!result.GetValue(otherKey))
            {
                try
                {
                    roi.CheckDomain(set.KeyId);
                }
                catch (RoiDomainException ex)
                {
                    throw new CommandLineException($"refused: {ex.Message} (--any-key measures it anyway)");
                }
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var (left, right) = RoiTrainer.Evaluate(roi, set.Samples);
            var perImage = started.Elapsed.TotalMilliseconds / set.Samples.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"model {roi.Metadata.KeyId} on {set.Domain}: {set.Samples.Count} images, Dice left {left:F4} right {right:F4} mean {(left + right) / 2:F4}, inference {perImage:F1} ms/image"));
            return ExitCodes.Success;
        })));
        return command;
    }

    private static void ConfigureInference(int threads)
    {
        TorchRuntime.Configure(TorchDeviceChoice.Cpu, threads);

        // Inference runs one image at a time: ATen sends such small convolutions to NNPACK rather
        // than oneDNN, and NNPACK, unsupported on this CPU, warned once per convolution (hundreds of
        // lines per image). This keeps oneDNN at its default and only switches NNPACK off.
        ConvolutionBackends.AllowOneDnn();
    }

    private static List<(string Source, string Target)> Plan(string input, string output)
    {
        if (File.Exists(input))
        {
            var target = Directory.Exists(output) ? Path.Combine(output, Path.GetFileName(input)) : output;
            return [(Path.GetFullPath(input), Path.GetFullPath(target))];
        }

        if (!Directory.Exists(input))
        {
            throw new CommandLineException($"{input}: no such file or folder.");
        }

        if (File.Exists(output))
        {
            throw new CommandLineException($"{output} is a file; a folder IN needs a folder OUT.");
        }

        var root = Path.GetFullPath(input);
        var outRoot = Path.GetFullPath(output);
        if (outRoot == root || outRoot.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CommandLineException("OUT must not be inside IN.");
        }

        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Where(DicomFile.LooksLikeDicom)
            .Select(f => (f, Path.Combine(outRoot, Path.GetRelativePath(root, f))))
            .ToList();
    }

    private static void WriteAtomically(DicomFile file, string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>One line per report on stderr: step, loss, validation Dice, rate, time.</summary>
    private sealed class RoiProgressLines : IProgress<RoiTrainingProgress>
    {
        public void Report(RoiTrainingProgress value)
        {
            var dice = double.IsNaN(value.ValidationDiceLeft) ? string.Empty : $" val Dice L {value.ValidationDiceLeft:F4} R {value.ValidationDiceRight:F4}";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dcg roi train: step {value.Step}/{value.TotalSteps} loss {value.Loss:F5}{dice} lr {value.LearningRate:E1} {value.Elapsed:m\\:ss} ({value.Step / Math.Max(1e-9, value.Elapsed.TotalSeconds):F2} steps/s)"));
        }
    }
}
