namespace DicomCipherGateway.Cipher.Training;

/// <summary>Losses at one step of key generation (averaged over the steps since the previous report).</summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    double ReconstructionLoss,
    double AdversarialLoss,
    double DiscriminatorLoss,
    double CorrelationLoss,
    double LearningRate,
    TimeSpan Elapsed)
{
    /// <summary>Set on the report of a roll-back: what diverged and where training continues (the losses are NaN then).</summary>
    public string? RolledBack { get; init; }

    /// <summary>Fraction done, 0..1.</summary>
    public double Fraction => TotalSteps == 0 ? 1 : (double)Step / TotalSteps;
}
