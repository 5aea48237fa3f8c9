namespace DicomCipherGateway.Cipher.Keys;

/// <summary>A key file (or KEK) that cannot be used: wrong KEK, truncated, altered, or not a key file. Nothing was loaded.</summary>
public sealed class KeyFileException : Exception
{
    /// <summary>Creates the exception with the file and the reason.</summary>
    public KeyFileException(string? path, string reason, Exception? inner = null)
        : base(path is null ? reason : $"Key file '{path}': {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file concerned, when there is one.</summary>
    public string? Path { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
