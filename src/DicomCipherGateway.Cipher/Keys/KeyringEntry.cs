namespace DicomCipherGateway.Cipher.Keys;

/// <summary>One key file of a keyring, as its clear header tells (no KEK needed).</summary>
public sealed record KeyringEntry(string Path, KeyFileHeader Header, bool IsActive);
