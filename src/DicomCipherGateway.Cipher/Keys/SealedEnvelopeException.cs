namespace DicomCipherGateway.Cipher.Keys;

/// <summary>A sealed envelope that cannot be opened: altered, truncated, for another key, or bound to other associated data.</summary>
public sealed class SealedEnvelopeException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public SealedEnvelopeException(string reason, Exception? inner = null)
        : base(reason, inner)
    {
        Reason = reason;
    }

    /// <summary>Why the envelope was refused.</summary>
    public string Reason { get; }
}
