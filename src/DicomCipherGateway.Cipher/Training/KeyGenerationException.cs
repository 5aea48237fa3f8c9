namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Key generation could not produce a usable key: training diverged (non-finite losses, gradients
/// or weights) and the bounded roll-backs with lower learning rates did not recover, or the key
/// failed its quality gate. No key must be written.
/// </summary>
public sealed class KeyGenerationException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public KeyGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the user and its cause.</summary>
    public KeyGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
