namespace DicomCipherGateway.Cipher.Keys;

/// <summary>How a key file's key-encryption key is obtained (byte 8 of the key file).</summary>
public enum KekKind : byte
{
    /// <summary>A 256-bit key read from a KEK file.</summary>
    KeyFile = 1,

    /// <summary>PBKDF2-SHA256 over a passphrase with the salt and iteration count stored in the header.</summary>
    Passphrase = 2,
}
