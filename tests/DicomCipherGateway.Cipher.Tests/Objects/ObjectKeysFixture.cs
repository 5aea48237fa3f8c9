using DicomCipherGateway.Cipher.Keys;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>
/// Keys shared by the object tests, made once per test run: two tiny trained keys (byte-exactness
/// and failure handling need no good key) and a keyring folder holding only the first.
/// </summary>
public sealed class ObjectKeysFixture : IDisposable
{
    public ObjectKeysFixture()
    {
        Key = TinyKeys.Create(21);
        OtherKey = TinyKeys.Create(22);
        KeyringDirectory = Directory.CreateTempSubdirectory("dcg-objects-ring-").FullName;
        Kek = KeyEncryptionKey.Generate();
        KeyFile.Write(Key, Path.Combine(KeyringDirectory, "a" + KeyFile.Extension), Kek);
        Keyring = new Keyring(KeyringDirectory, Key.Id, Kek, torch.CPU);
    }

    public CipherKey Key { get; }

    public CipherKey OtherKey { get; }

    public string KeyringDirectory { get; }

    public KeyEncryptionKey Kek { get; }

    public Keyring Keyring { get; }

    public void Dispose()
    {
        Keyring.Dispose();
        Key.Dispose();
        OtherKey.Dispose();
        Kek.Dispose();
        Directory.Delete(KeyringDirectory, recursive: true);
    }
}

// Not run beside other collections: LargeImageTests bounds the process's peak memory, which the
// analysis and ROI tests training in parallel in the same process pushed over its limit (1,128 MB).
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObjectKeysCollection : ICollectionFixture<ObjectKeysFixture>
{
    public const string Name = "DICOM object transform";
}
