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
    /// <summary>Fraction done, 0..1.</summary>
    public double Fraction => TotalSteps == 0 ? 1 : (double)Step / TotalSteps;
}
