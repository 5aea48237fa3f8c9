namespace DicomCipherGateway.Cipher.Training;

/// <summary>What a key's training was, recorded in the key file (no secrets).</summary>
public sealed record TrainingSummary(
    string Preset,
    int Steps,
    int CropSize,
    int BatchSize,
    int QuantisationBits,
    string DatasetFingerprint,
    int DatasetImages,
    string HiddenFactors,
    bool Seeded,
    string Device,
    double ElapsedSeconds,
    double FinalReconstructionLoss,
    double FinalAdversarialLoss,
    double FinalDiscriminatorLoss,
    double FinalCorrelationLoss,
    int Rollbacks = 0,
    double FinalLearningRateScale = 1,
    string? ConvolutionKernels = null)
{
    /// <summary>"Epochs" in the paper's sense: crops seen divided by the number of training images.</summary>
    public double Epochs => DatasetImages == 0 ? 0 : (double)Steps * BatchSize / DatasetImages;
}
