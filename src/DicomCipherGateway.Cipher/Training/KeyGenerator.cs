using System.Diagnostics;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Torch;
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

        var kernels = ConvolutionKernelCheck.Ensure();
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
        using var optGf = new HeldScalarAdam(g.parameters().Concat(f.parameters()), options.LearningRate, beta1: 0.5, beta2: 0.999);
        using var optD = new HeldScalarAdam(d.parameters(), options.LearningRate * options.DiscriminatorLearningRateFactor, beta1: 0.5, beta2: 0.999);
        using var weights = new LossWeights(options);
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
        var rollbacks = 0;
        var rateScale = 1.0;
        TrainingSnapshot? good = null;
        try
        {
            good = TrainingSnapshot.Capture(startStep, g, f, d, optGf, optD);
            for (var step = startStep; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rate = options.LearningRate * LearningRateFactor(step) * rateScale;
                optGf.LearningRate = rate;
                optD.LearningRate = rate * options.DiscriminatorLearningRateFactor;
                var frozen = step >= frozenFrom;
                g.train(!frozen);
                f.train(!frozen);
                d.train();
                double[] losses;
                try
                {
                    losses = Step(g, f, d, optGf, optD, weights, images, hiddenFactors, generator);
                }
                catch (NonFiniteStepException ex)
                {
                    if (rollbacks == options.MaxRollbacks)
                    {
                        throw new KeyGenerationException(
                            $"Training diverged: {ex.Message} at step {step + 1} of {options.Steps}, after {rollbacks} roll-back(s) to a known-good state " +
                            $"with the learning rate lowered to {rateScale:0.###}× ({options.LearningRate * rateScale:G3}). No key was produced; " +
                            "try a lower --learning-rate, more or other training images, or another preset.");
                    }

                    // Back to the last good state with a lower rate; the crops that follow differ
                    // (the generator is not rewound), which is part of getting past the bad patch.
                    rollbacks++;
                    rateScale *= options.RollbackRateFactor;
                    good.Restore(optGf, optD);
                    history.RemoveAll(h => h.Step > good.Step);
                    Array.Clear(sums);
                    counted = 0;
                    progress?.Report(new TrainingProgress(good.Step, options.Steps, double.NaN, double.NaN, double.NaN, double.NaN, rate * options.RollbackRateFactor, elapsedBefore + stopwatch.Elapsed)
                    {
                        RolledBack = $"{ex.Message} at step {step + 1}: rolled back to step {good.Step}, learning rate ×{rateScale:0.###}",
                    });
                    step = good.Step - 1;
                    continue;
                }

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

                if (done % options.SnapshotEvery == 0 && done < options.Steps)
                {
                    good.Dispose();
                    good = TrainingSnapshot.Capture(done, g, f, d, optGf, optD);
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
        finally
        {
            good?.Dispose();
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
            last?.CorrelationLoss ?? double.NaN,
            rollbacks,
            rateScale,
            kernels);
        return new TrainedNetworks(g, f, summary, history);
    }

    private double[] Step(
        CipherNetwork g,
        CipherNetwork f,
        PatchDiscriminator d,
        HeldScalarAdam optGf,
        HeldScalarAdam optD,
        LossWeights weights,
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
        optGf.ZeroGrad();
        var cipher = g.forward(x);
        var stored = CipherLosses.StraightThroughQuantise(cipher, options.QuantisationBits);
        var restored = f.forward(stored);
        var reconstruction = functional.l1_loss(restored, x);
        var fakeScores = d.forward(cipher);
        var adversarial = AdversarialTerm(fakeScores, real: true);
        var correlation = CipherLosses.CorrelationPenalty(cipher, x);
        var total = reconstruction.mul(weights.Reconstruction).PlusInPlace(adversarial.mul(weights.Adversarial)).PlusInPlace(correlation.mul(weights.Correlation));
        if (options.SsimWeight > 0)
        {
            total = total.PlusInPlace(CipherLosses.SsimPenalty(cipher, x).mul(weights.Ssim));
        }

        RequireFinite(total, "G/F loss");
        total.backward();
        ClipOrRequireFinite(optGf, "G/F gradient");
        optGf.Step();
        SetRequiresGrad(d, true);

        // D: hidden factors are real, G's output is fake.
        optD.ZeroGrad();
        var realScores = d.forward(y);
        var detachedScores = d.forward(cipher.detach());
        var discriminator = AdversarialTerm(realScores, real: true).Plus(AdversarialTerm(detachedScores, real: false)).mul_(HeldScalars.Half);
        RequireFinite(discriminator, "D loss");
        discriminator.backward();
        ClipOrRequireFinite(optD, "D gradient");
        optD.Step();
        RequireFiniteWeights(optGf, "G/F weight");
        RequireFiniteWeights(optD, "D weight");

        return
        [
            reconstruction.item<float>(),
            adversarial.item<float>(),
            discriminator.item<float>(),
            correlation.item<float>(),
        ];
    }

    private static void RequireFinite(Tensor loss, string what)
    {
        if (!float.IsFinite(loss.item<float>()))
        {
            throw new NonFiniteStepException(what);
        }
    }

    /// <summary>Stops the step on a non-finite gradient; scales the gradients down to <see cref="KeyGenerationOptions.GradientClipNorm"/> when set.</summary>
    private void ClipOrRequireFinite(HeldScalarAdam optimizer, string what)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var grads = optimizer.Parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        if (grads.Length == 0)
        {
            return;
        }

        var norm = torch.stack(grads.Select(g => g.norm())).norm().item<float>();
        if (!float.IsFinite(norm))
        {
            throw new NonFiniteStepException(what);
        }

        if (options.GradientClipNorm > 0 && norm > options.GradientClipNorm)
        {
            using var factor = (options.GradientClipNorm / (norm + 1e-6)).ToScalar();
            foreach (var grad in grads)
            {
                grad.mul_(factor);
            }
        }
    }

    private static void RequireFiniteWeights(HeldScalarAdam optimizer, string what)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();

        // A NaN or infinity anywhere makes the sum of sums non-finite.
        var sum = torch.stack(optimizer.Parameters.Select(p => p.sum())).sum().item<float>();
        if (!float.IsFinite(sum))
        {
            throw new NonFiniteStepException(what);
        }
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

    /// <summary>The loss weights of a run as Scalars held for the run (they multiply tensors every step).</summary>
    private sealed class LossWeights(KeyGenerationOptions options) : IDisposable
    {
        public Scalar Reconstruction { get; } = options.ReconstructionWeight.ToScalar();

        public Scalar Adversarial { get; } = options.AdversarialWeight.ToScalar();

        public Scalar Correlation { get; } = options.CorrelationWeight.ToScalar();

        public Scalar Ssim { get; } = options.SsimWeight.ToScalar();

        public void Dispose()
        {
            Reconstruction.Dispose();
            Adversarial.Dispose();
            Correlation.Dispose();
            Ssim.Dispose();
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
