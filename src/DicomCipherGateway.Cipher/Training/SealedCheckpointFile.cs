using DicomCipherGateway.Cipher.Keys;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>Keeps key-generation checkpoints in one file sealed under the KEK (they hold a half-trained key).</summary>
public sealed class SealedCheckpointFile(string path, KeyEncryptionKey kek) : ICheckpointStore
{
    /// <summary>The checkpoint file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public void Save(byte[] checkpoint)
    {
        var sealedBytes = KekSealedBlob.Seal(checkpoint, kek);
        var temp = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(sealedBytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }

    /// <inheritdoc />
    public byte[]? Load() => File.Exists(Path) ? KekSealedBlob.Open(File.ReadAllBytes(Path), kek, Path) : null;

    /// <summary>Removes the checkpoint once the key is written.</summary>
    public void Delete() => File.Delete(Path);
}
