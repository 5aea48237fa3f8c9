namespace DicomCipherGateway.Cipher.Training;

/// <summary>A training step met a non-finite loss, gradient or weight and stopped before it could spread.</summary>
internal sealed class NonFiniteStepException(string what) : Exception($"non-finite {what}")
{
    /// <summary>Which quantity was not finite (e.g. "G/F gradient").</summary>
    public string What { get; } = what;
}
