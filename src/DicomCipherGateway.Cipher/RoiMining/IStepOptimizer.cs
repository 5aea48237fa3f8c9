namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// The little an ROI training run needs from an optimiser, so the Scalar-safe Adam here can be
/// swapped for the shared one of the key-generation fix (issue 9) without touching the trainer.
/// </summary>
internal interface IStepOptimizer : IDisposable
{
    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    double LearningRate { get; set; }

    /// <summary>Clears every parameter's gradient.</summary>
    void ZeroGrad();

    /// <summary>Applies one update from the current gradients.</summary>
    void Step();
}
