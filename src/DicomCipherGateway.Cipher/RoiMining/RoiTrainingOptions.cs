namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>How a ROI-mining network is trained.</summary>
/// <param name="Architecture">The network.</param>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="BatchSize">Whole images per step.</param>
/// <param name="LearningRate">Adam's rate; constant for the first half, then linear decay to 5 %.</param>
/// <param name="Loss">MSE (the paper's) or Dice + BCE.</param>
/// <param name="ReportEvery">Steps between progress reports.</param>
/// <param name="ValidateEvery">Steps between validation Dice measurements (0: only at the end).</param>
/// <param name="CheckpointEvery">Steps between checkpoints (0: none).</param>
/// <param name="Seed">Fixed seed for tests; null draws the initial weights from the OS CSPRNG.</param>
public sealed record RoiTrainingOptions(
    RoiArchitecture Architecture,
    int Steps = 600,
    int BatchSize = 4,
    double LearningRate = 1e-3,
    RoiLossKind Loss = RoiLossKind.Mse,
    int ReportEvery = 10,
    int ValidateEvery = 50,
    int CheckpointEvery = 100,
    long? Seed = null)
{
    /// <summary>Throws on values no run can use.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Architecture);
        Architecture.Validate();
        if (Steps < 1 || BatchSize < 1 || BatchSize > 256 || !(LearningRate > 0 && LearningRate < 1) || ReportEvery < 1 || ValidateEvery < 0 || CheckpointEvery < 0)
        {
            throw new ArgumentException($"Invalid ROI training options: steps {Steps}, batch {BatchSize}, learning rate {LearningRate}, report every {ReportEvery}, validate every {ValidateEvery}, checkpoint every {CheckpointEvery}.");
        }
    }
}
