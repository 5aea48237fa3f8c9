using System.Diagnostics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Key generation is training (§III.A.3): G learns to map plaintext crops into the hidden-factor
/// domain Y (adversarial loss against D), F learns to invert G through storage quantisation (L1
/// reconstruction), a correlation penalty keeps G(x) from being a remapped copy of x; G/F and D
/// are updated alternately with Adam, the learning rate decaying linearly in the second half.
/// </summary>
public sealed class KeyGenerator
{
    private readonly KeyGenerationOptions options;
    private readonly Device device;

    /// <summary>Prepares a run with <paramref name="options"/> on <paramref name="device"/> (see <see cref="Torch.TorchRuntime"/>).</summary>
    public KeyGenerator(KeyGenerationOptions options, Device device)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.device = device;
    }

    /// <summary>
    /// Trains G, F and D on random crops of <paramref name="images"/> (normalised frames) toward
    /// <paramref name="hiddenFactors"/>. With a <paramref name="checkpoints"/> store it resumes from
    /// the stored checkpoint, if any, and saves one every <see cref="KeyGenerationOptions.CheckpointEvery"/> steps.
    /// </summary>
    public TrainedNetworks Train(
        IReadOnlyList<FloatImage> images,
        HiddenFactorSource hiddenFactors,
        IProgress<TrainingProgress>? progress = null,
        ICheckpointStore? checkpoints = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(hiddenFactors);
        if (images.Count == 0)
        {
            throw new ArgumentException("Key generation needs at least one training image.", nameof(images));
        }

        var small = images.FirstOrDefault(i => i.Width < options.CropSize || i.Height < options.CropSize);
        if (small is not null)
        {
            throw new ArgumentException($"A {small.Width}×{small.Height} training image is smaller than the {options.CropSize}-pixel crop.", nameof(images));
        }

        var architecture = options.Architecture;
        var seed = options.Seed ?? WeightInitialiser.RandomSeed();
        var generator = new Generator((ulong)seed);
        var g = new CipherNetwork("G", architecture);
        var f = new CipherNetwork("F", architecture);
        using var d = new PatchDiscriminator("D", architecture.Channels, options.DiscriminatorWidth);
        // Explicit initialisation, never libtorch's global generator: that is process-wide state
        // other work could advance, and a seeded test run must not depend on it.
        foreach (var module in new nn.Module[] { g, f, d })
        {
            if (options.Seed is null)
            {
                WeightInitialiser.FromCsprng(module);
            }
            else
            {
                WeightInitialiser.FromGenerator(module, generator);
            }
        }

        g.to(device);
        f.to(device);
        d.to(device);
        using var optGf = optim.Adam(g.parameters().Concat(f.parameters()), options.LearningRate, beta1: 0.5, beta2: 0.999);
        using var optD = optim.Adam(d.parameters(), options.LearningRate * options.DiscriminatorLearningRateFactor, beta1: 0.5, beta2: 0.999);
        var history = new List<TrainingProgress>();
        var startStep = 0;
        var stored = checkpoints?.Load();
        if (stored is not null)
        {
            startStep = TrainingCheckpoint.Restore(stored, options, g, f, d, optGf, optD, history);

            // A resumed run continues with fresh randomness for crops and noise.
            generator = new Generator((ulong)(options.Seed is null ? WeightInitialiser.RandomSeed() : seed + startStep));
        }

        var stopwatch = Stopwatch.StartNew();
        var elapsedBefore = history.Count > 0 ? history[^1].Elapsed : TimeSpan.Zero;
        var sums = new double[4];
        var counted = 0;
        var frozenFrom = (int)(options.Steps * (1 - options.FrozenNormFraction));
        try
        {
            for (var step = startStep; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rate = options.LearningRate * LearningRateFactor(step);
                SetLearningRate(optGf, rate);
                SetLearningRate(optD, rate * options.DiscriminatorLearningRateFactor);
                var frozen = step >= frozenFrom;
                g.train(!frozen);
                f.train(!frozen);
                d.train();
                var losses = Step(g, f, d, optGf, optD, images, hiddenFactors, generator);
                for (var i = 0; i < 4; i++)
                {
                    sums[i] += losses[i];
                }

                counted++;
                var done = step + 1;
                if (done % options.ReportEvery == 0 || done == options.Steps)
                {
                    var report = new TrainingProgress(
                        done, options.Steps, sums[0] / counted, sums[1] / counted, sums[2] / counted, sums[3] / counted, rate, elapsedBefore + stopwatch.Elapsed);
                    history.Add(report);
                    progress?.Report(report);
                    Array.Clear(sums);
                    counted = 0;
                }

                if (checkpoints is not null && options.CheckpointEvery > 0 && done % options.CheckpointEvery == 0 && done < options.Steps)
                {
                    checkpoints.Save(TrainingCheckpoint.Create(done, options, g, f, d, optGf, optD, history));
                }
            }
        }
        catch
        {
            g.Dispose();
            f.Dispose();
            throw;
        }

        g.eval();
        f.eval();
        var last = history.Count > 0 ? history[^1] : null;
        var summary = new TrainingSummary(
            options.PresetName,
            options.Steps,
            options.CropSize,
            options.BatchSize,
            options.QuantisationBits,
            DatasetFingerprint.Compute(images),
            images.Count,
            hiddenFactors.Description,
            options.Seed is not null,
            device.ToString(),
            (elapsedBefore + stopwatch.Elapsed).TotalSeconds,
            last?.ReconstructionLoss ?? double.NaN,
            last?.AdversarialLoss ?? double.NaN,
            last?.DiscriminatorLoss ?? double.NaN,
            last?.CorrelationLoss ?? double.NaN);
        return new TrainedNetworks(g, f, summary, history);
    }

    private double[] Step(
        CipherNetwork g,
        CipherNetwork f,
        PatchDiscriminator d,
        optim.Optimizer optGf,
        optim.Optimizer optD,
        IReadOnlyList<FloatImage> images,
        HiddenFactorSource hiddenFactors,
        Generator generator)
    {
        using var scope = NewDisposeScope();
        var channels = options.Architecture.Channels;
        var x = CropSampler.Sample(images, options.BatchSize, channels, options.CropSize, generator, device);
        var y = hiddenFactors.Sample(options.BatchSize, channels, options.CropSize, generator, device);

        // G and F: fool D, reconstruct through storage quantisation, decorrelate.
        SetRequiresGrad(d, false);
        optGf.zero_grad();
        var cipher = g.forward(x);
        var stored = CipherLosses.StraightThroughQuantise(cipher, options.QuantisationBits);
        var restored = f.forward(stored);
        var reconstruction = functional.l1_loss(restored, x);
        var fakeScores = d.forward(cipher);
        var adversarial = AdversarialTerm(fakeScores, real: true);
        var correlation = CipherLosses.CorrelationPenalty(cipher, x);
        var total = (reconstruction * options.ReconstructionWeight) + (adversarial * options.AdversarialWeight) + (correlation * options.CorrelationWeight);
        if (options.SsimWeight > 0)
        {
            total = total + (CipherLosses.SsimPenalty(cipher, x) * options.SsimWeight);
        }

        total.backward();
        optGf.step();
        SetRequiresGrad(d, true);

        // D: hidden factors are real, G's output is fake.
        optD.zero_grad();
        var realScores = d.forward(y);
        var detachedScores = d.forward(cipher.detach());
        var discriminator = (AdversarialTerm(realScores, real: true) + AdversarialTerm(detachedScores, real: false)) * 0.5;
        discriminator.backward();
        optD.step();

        return
        [
            reconstruction.item<float>(),
            adversarial.item<float>(),
            discriminator.item<float>(),
            correlation.item<float>(),
        ];
    }

    private Tensor AdversarialTerm(Tensor scores, bool real)
    {
        var target = real ? torch.ones_like(scores) : torch.zeros_like(scores);
        return options.AdversarialLoss == AdversarialLossKind.LeastSquares
            ? functional.mse_loss(scores, target)
            : functional.binary_cross_entropy_with_logits(scores, target);
    }

    private double LearningRateFactor(int step)
    {
        var decayStart = (int)(options.Steps * options.DecayStartFraction);
        if (step < decayStart || options.Steps <= decayStart)
        {
            return 1;
        }

        var t = (double)(step - decayStart) / (options.Steps - decayStart);
        return 1 - (t * (1 - options.FinalLearningRateFactor));
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }

    private static void SetRequiresGrad(Module module, bool value)
    {
        foreach (var parameter in module.parameters())
        {
            parameter.requires_grad = value;
        }
    }
}
