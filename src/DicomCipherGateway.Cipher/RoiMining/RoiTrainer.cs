using System.Diagnostics;
using System.Text.Json;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Training;
using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// Trains a ROI-mining network on one domain (one key's views, or plaintext) with whole images
/// and their masks: Adam (Scalar-safe), every step in a dispose scope, the validation Dice measured
/// every <see cref="RoiTrainingOptions.ValidateEvery"/> steps, checkpoints that resume.
/// </summary>
public sealed class RoiTrainer
{
    private readonly RoiTrainingOptions options;

    public RoiTrainer(RoiTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    /// <summary>
    /// Trains on <paramref name="training"/>, measures on <paramref name="validation"/> (may be empty).
    /// With <paramref name="checkpointPath"/> it resumes from that file when present and writes it
    /// every <see cref="RoiTrainingOptions.CheckpointEvery"/> steps.
    /// </summary>
    public (RoiModel Model, IReadOnlyList<RoiTrainingProgress> History) Train(
        RoiDataset training,
        IReadOnlyList<RoiSample> validation,
        IProgress<RoiTrainingProgress>? progress = null,
        string? checkpointPath = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        var first = training.Samples[0].Image;
        var odd = training.Samples.Concat(validation).FirstOrDefault(s => s.Image.Width != first.Width || s.Image.Height != first.Height || s.Image.Channels != options.Architecture.Channels);
        if (odd is not null)
        {
            throw new ArgumentException($"'{odd.Name}' is {odd.Image.Width}×{odd.Image.Height}×{odd.Image.Channels}; every image of a run must be {first.Width}×{first.Height}×{options.Architecture.Channels}.");
        }

        ConvolutionKernelCheck.Ensure();
        var network = new RoiMiningNetwork("roi", options.Architecture);
        var seed = options.Seed ?? WeightInitialiser.RandomSeed();
        if (options.Seed is null)
        {
            WeightInitialiser.FromCsprng(network);
        }
        else
        {
            WeightInitialiser.FromGenerator(network, new Generator((ulong)seed));
        }

        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var history = new List<RoiTrainingProgress>();
        var startStep = 0;
        var elapsedBefore = TimeSpan.Zero;
        using var adam = new HeldScalarAdam(network.parameters(), options.LearningRate);
        try
        {
            if (checkpointPath is not null && File.Exists(checkpointPath))
            {
                startStep = Resume(checkpointPath, training, network, adam, history);
                elapsedBefore = history.Count > 0 ? history[^1].Elapsed : TimeSpan.Zero;
                random = new Random(unchecked((int)(seed + startStep)));
            }

            var stopwatch = Stopwatch.StartNew();
            double lossSum = 0;
            var counted = 0;
            for (var step = startStep; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rate = options.LearningRate * RateFactor(step);
                adam.LearningRate = rate;
                network.train();
                lossSum += Step(network, adam, training.Samples, random);
                counted++;
                var done = step + 1;
                var validate = validation.Count > 0 && (done == options.Steps || (options.ValidateEvery > 0 && done % options.ValidateEvery == 0));
                if (done % options.ReportEvery == 0 || validate || done == options.Steps)
                {
                    var (left, right) = validate ? Evaluate(network, validation) : (double.NaN, double.NaN);
                    var report = new RoiTrainingProgress(done, options.Steps, lossSum / counted, left, right, rate, elapsedBefore + stopwatch.Elapsed);
                    history.Add(report);
                    progress?.Report(report);
                    lossSum = 0;
                    counted = 0;
                }

                if (checkpointPath is not null && options.CheckpointEvery > 0 && done % options.CheckpointEvery == 0 && done < options.Steps)
                {
                    SaveCheckpoint(checkpointPath, training, network, adam, history, done, elapsedBefore + stopwatch.Elapsed);
                }
            }

            var last = history.LastOrDefault(h => !double.IsNaN(h.ValidationDiceLeft));
            var metadata = Metadata(training, done: options.Steps, (elapsedBefore + stopwatch.Elapsed).TotalSeconds, last?.ValidationDiceLeft ?? double.NaN, last?.ValidationDiceRight ?? double.NaN);
            network.eval();
            return (new RoiModel(network, metadata), history);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Mean Dice of each lung over <paramref name="samples"/>.</summary>
    public static (double Left, double Right) Evaluate(RoiModel model, IReadOnlyList<RoiSample> samples)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model.Network, samples);
    }

    private static (double Left, double Right) Evaluate(RoiMiningNetwork network, IReadOnlyList<RoiSample> samples)
    {
        double left = 0, right = 0;
        foreach (var sample in samples)
        {
            var prediction = RoiModel.Predict(network, sample.Image);
            left += DiceScore.Compute(sample.LeftLung, prediction.LeftLung);
            right += DiceScore.Compute(sample.RightLung, prediction.RightLung);
        }

        return (left / samples.Count, right / samples.Count);
    }

    private double Step(RoiMiningNetwork network, HeldScalarAdam optimizer, IReadOnlyList<RoiSample> samples, Random random)
    {
        using var scope = torch.NewDisposeScope();
        var first = samples[0].Image;
        var batch = options.BatchSize;
        var plane = first.Width * first.Height;
        var pixels = new float[batch * first.Channels * plane];
        var masks = new float[batch * 2 * plane];
        for (var b = 0; b < batch; b++)
        {
            var sample = samples[random.Next(samples.Count)];
            sample.Image.Pixels.CopyTo(pixels, b * first.Channels * plane);
            for (var i = 0; i < plane; i++)
            {
                masks[(b * 2 * plane) + i] = sample.LeftLung[i];
                masks[(b * 2 * plane) + plane + i] = sample.RightLung[i];
            }
        }

        var x = torch.tensor(pixels, [batch, first.Channels, first.Height, first.Width]);
        var y = torch.tensor(masks, [batch, 2, first.Height, first.Width]);
        optimizer.ZeroGrad();
        var logits = network.forward(x);
        var loss = RoiLoss.Compute(options.Loss, logits, y);
        loss.backward();
        optimizer.Step();
        return loss.item<float>();
    }

    private double RateFactor(int step)
    {
        var decayStart = options.Steps / 2;
        if (step < decayStart)
        {
            return 1;
        }

        var t = (double)(step - decayStart) / Math.Max(1, options.Steps - decayStart);
        return 1 - (t * 0.95);
    }

    private RoiModelMetadata Metadata(RoiDataset training, int done, double seconds, double left, double right)
    {
        var image = training.Samples[0].Image;
        return new RoiModelMetadata(
            training.KeyId?.ToString() ?? RoiModelMetadata.Plaintext,
            options.Architecture,
            RoiLoss.Name(options.Loss),
            RoiModel.Organs,
            done,
            options.BatchSize,
            training.Samples.Count,
            $"{image.Width}x{image.Height}",
            seconds,
            left,
            right,
            DateTimeOffset.UtcNow,
            string.Empty);
    }

    private void SaveCheckpoint(string path, RoiDataset training, RoiMiningNetwork network, HeldScalarAdam adam, List<RoiTrainingProgress> history, int done, TimeSpan elapsed)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var historyJson = JsonSerializer.SerializeToUtf8Bytes(history, CheckpointJson);
            writer.Write(historyJson.Length);
            writer.Write(historyJson);
            adam.Save(writer);
        }

        var metadata = Metadata(training, done, elapsed.TotalSeconds, double.NaN, double.NaN);
        RoiModel.RoiModelFile.Write(path, metadata, RoiModel.WeightsOf(network), memory.ToArray());
    }

    private int Resume(string path, RoiDataset training, RoiMiningNetwork network, HeldScalarAdam adam, List<RoiTrainingProgress> history)
    {
        var (stored, state) = RoiModel.RoiModelFile.Read(path);
        using (stored)
        {
            var domain = training.KeyId?.ToString() ?? RoiModelMetadata.Plaintext;
            if (stored.Metadata.Architecture != options.Architecture || stored.Metadata.KeyId != domain || stored.Metadata.BatchSize != options.BatchSize
                || stored.Metadata.Loss != RoiLoss.Name(options.Loss) || state is null)
            {
                throw new InvalidDataException($"{path} is a checkpoint of another run (architecture, key, batch or loss differ): delete it or change the output.");
            }

            WeightCodec.Deserialize(network, RoiModel.WeightsOf(stored.Network));
            using var reader = new BinaryReader(new MemoryStream(state));
            var historyJson = reader.ReadBytes(reader.ReadInt32());
            history.AddRange(JsonSerializer.Deserialize<List<RoiTrainingProgress>>(historyJson, CheckpointJson) ?? []);
            adam.Load(reader);
            return stored.Metadata.Steps;
        }
    }

    private static readonly JsonSerializerOptions CheckpointJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
