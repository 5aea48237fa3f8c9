namespace DicomCipherGateway.Cipher.Keys;

/// <summary>The clear header of a key file: readable without the KEK, authenticated with it.</summary>
public sealed record KeyFileHeader(int Version, KekKind KekKind, int Iterations, KeyId KeyId, DateTimeOffset Created, long PayloadLength);
