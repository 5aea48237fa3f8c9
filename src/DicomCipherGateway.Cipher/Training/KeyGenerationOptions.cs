using DicomCipherGateway.Cipher.Networks;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>Settings of key generation (= training G, F and D). Start from <see cref="Quick"/> or <see cref="Paper"/>.</summary>
public sealed record KeyGenerationOptions
{
    /// <summary>Minutes on 2 CPU cores: a smaller G/F (the key file records it), 64-pixel crops.</summary>
    public static KeyGenerationOptions Quick { get; } = new()
    {
        PresetName = "quick",
        Architecture = new DlednetArchitecture(1, 3),
        CropSize = 64,
        BatchSize = 4,
        Steps = 700,
        DiscriminatorWidth = 32,
        LearningRate = 3e-4,

        // G and F train with batch norm in eval mode from the first step: the networks optimised are
        // exactly those that run (tiled) at inference. Freezing only the second half (batch
        // statistics of 4 crops before) left the reconstruction at 20 dB. See docs/cipher.md.
        FrozenNormFraction = 1,

        // In 700 steps D wins against G at weight 3 or 1 and the reconstruction stalls near
        // 0.13–0.3 L1; at 0.3 it reached 27 dB, at 0.1 29.5 dB, and the correlation penalty keeps
        // the view's SSIM and |Pearson| far under their bounds (docs/cipher.md).
        AdversarialWeight = 0.1,

        // The least-squares form took held-out PSNR from 29.5 to 31.0 dB, but its views kept smooth
        // patches over the background (SSIM 0.11); the local-SSIM penalty brings that to 0.039 at
        // 31.2 dB (docs/cipher.md, tuning table).
        AdversarialLoss = AdversarialLossKind.LeastSquares,
        SsimWeight = 5,
    };

    /// <summary>The paper's settings: 9 residual blocks, 256×256 crops; meant for a GPU.</summary>
    public static KeyGenerationOptions Paper { get; } = new()
    {
        PresetName = "paper",
        Architecture = DlednetArchitecture.Paper,
        CropSize = 256,
        BatchSize = 1,
        Steps = 200_000,
        DiscriminatorWidth = 64,
    };

    /// <summary>Looks a preset up by name ("quick" or "paper").</summary>
    public static KeyGenerationOptions Preset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "quick" => Quick,
        "paper" => Paper,
        _ => throw new ArgumentException($"Unknown preset '{name}': use quick or paper.", nameof(name)),
    };

    /// <summary>Name of the preset these settings came from (recorded in the key).</summary>
    public string PresetName { get; init; } = "custom";

    /// <summary>Shape of G and F.</summary>
    public DlednetArchitecture Architecture { get; init; } = DlednetArchitecture.Paper;

    /// <summary>Side of the random square crops, a multiple of 4.</summary>
    public int CropSize { get; init; } = 64;

    /// <summary>Crops per step.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Optimisation steps (each: one G/F update, one D update).</summary>
    public int Steps { get; init; } = 700;

    /// <summary>Adam learning rate of G/F and D (β1 = 0.5, β2 = 0.999 as in CycleGAN).</summary>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>Fraction of the steps after which the learning rate decays linearly to <see cref="FinalLearningRateFactor"/>.</summary>
    public double DecayStartFraction { get; init; } = 0.5;

    /// <summary>Learning-rate multiplier reached at the last step.</summary>
    public double FinalLearningRateFactor { get; init; } = 0.05;

    /// <summary>Weight of the L1 reconstruction loss |F(q(G(x))) − x|.</summary>
    public double ReconstructionWeight { get; init; } = 10;

    /// <summary>
    /// Weight of G's adversarial loss toward the hidden-factor domain. Without it G learns an
    /// inverted image (correlation −0.42 in a probe); 3 kept every image's SSIM under 0.05.
    /// </summary>
    public double AdversarialWeight { get; init; } = 3;

    /// <summary>Weight of the penalty on the squared Pearson correlation of G(x) with x (full resolution and 8× pooled).</summary>
    public double CorrelationWeight { get; init; } = 2;

    /// <summary>Weight of the penalty on the squared local SSIM of G(x) with x.</summary>
    public double SsimWeight { get; init; }

    /// <summary>Form of the adversarial losses of G and D.</summary>
    public AdversarialLossKind AdversarialLoss { get; init; } = AdversarialLossKind.BinaryCrossEntropy;

    /// <summary>D's learning rate as a multiple of <see cref="LearningRate"/>.</summary>
    public double DiscriminatorLearningRateFactor { get; init; } = 1;

    /// <summary>Base width of D.</summary>
    public int DiscriminatorWidth { get; init; } = 32;

    /// <summary>Bits of the stored view that training quantises through (straight-through), so F inverts what the PACS holds.</summary>
    public int QuantisationBits { get; init; } = 16;

    /// <summary>Fraction of the final steps trained with batch norm in eval mode, so the networks used at inference are the ones optimised.</summary>
    public double FrozenNormFraction { get; init; } = 0.15;

    /// <summary>Fixed seed for tests only; null (the default) draws the initial weights and all randomness from the OS CSPRNG.</summary>
    public long? Seed { get; init; }

    /// <summary>Steps between progress reports.</summary>
    public int ReportEvery { get; init; } = 10;

    /// <summary>Steps between checkpoints (0: none).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>
    /// Times a run may roll back to its last good state after a non-finite loss, gradient or
    /// weight, each time continuing at <see cref="RollbackRateFactor"/> times the learning rate;
    /// one more divergence ends key generation with an error and no key.
    /// </summary>
    public int MaxRollbacks { get; init; } = 3;

    /// <summary>Learning-rate multiplier applied at each roll-back.</summary>
    public double RollbackRateFactor { get; init; } = 0.5;

    /// <summary>Steps between the in-memory known-good snapshots a roll-back returns to.</summary>
    public int SnapshotEvery { get; init; } = 50;

    /// <summary>Largest global L2 norm of each network group's gradient before the update is scaled down (0: no clipping).</summary>
    public double GradientClipNorm { get; init; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        Architecture.Validate();
        if (CropSize < 16 || CropSize % DlednetArchitecture.StrideProduct != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CropSize), CropSize, "Crop size must be a multiple of 4, at least 16.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(AdversarialWeight);
        ArgumentOutOfRangeException.ThrowIfNegative(CorrelationWeight);
        ArgumentOutOfRangeException.ThrowIfNegative(SsimWeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReconstructionWeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DiscriminatorLearningRateFactor);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRollbacks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SnapshotEvery);
        ArgumentOutOfRangeException.ThrowIfNegative(GradientClipNorm);
        if (RollbackRateFactor is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RollbackRateFactor), RollbackRateFactor, "The roll-back rate factor must lie in (0, 1].");
        }
        if (QuantisationBits is not (8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(QuantisationBits), QuantisationBits, "The stored view has 8 or 16 bits.");
        }

        if (DecayStartFraction is < 0 or > 1 || FrozenNormFraction is < 0 or > 1 || FinalLearningRateFactor is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DecayStartFraction), "Fractions must lie in [0, 1].");
        }
    }
}
