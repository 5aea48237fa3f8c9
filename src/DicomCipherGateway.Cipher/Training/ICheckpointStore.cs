namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Where key generation keeps its checkpoints. A checkpoint holds the half-trained key, so a
/// store must protect it like a key file (the CLI seals it under the KEK).
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Replaces the stored checkpoint atomically.</summary>
    void Save(byte[] checkpoint);

    /// <summary>The stored checkpoint, or null when there is none.</summary>
    byte[]? Load();
}
