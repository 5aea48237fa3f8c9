using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Tests;

/// <summary>A keyring with one tiny key (two training steps on 16-pixel crops: a real key, made in a second) and its KEK file.</summary>
internal sealed class TestKeyring
{
    private TestKeyring(string directory, string kekFile, string keyId)
    {
        Directory = directory;
        KekFile = kekFile;
        KeyId = keyId;
    }

    public string Directory { get; }

    public string KekFile { get; }

    public string KeyId { get; }

    public static TestKeyring Create(string root)
    {
        var ring = System.IO.Directory.CreateDirectory(Path.Combine(root, "keys")).FullName;
        var kekFile = Path.Combine(root, "kek");
        using (var kek = KeyEncryptionKey.Generate())
        {
            kek.WriteToFile(kekFile);
        }

        return new TestKeyring(ring, kekFile, WriteKey(ring, kekFile, "test", 5));
    }

    /// <summary>
    /// A keyring for a test class's static field, in a temporary folder removed when the test process
    /// exits (a static has no dispose, and every run used to leave a KEK and a key behind in /tmp).
    /// </summary>
    public static TestKeyring CreateTemporary(string prefix)
    {
        var root = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return Create(root);
    }

    /// <summary>Adds another tiny key (another seed) to the keyring, under the same KEK; returns its id.</summary>
    public string AddKey(string name, int seed) => WriteKey(Directory, KekFile, name, seed);

    private static string WriteKey(string ring, string kekFile, string name, int seed)
    {
        using var kek = KeyEncryptionKey.FromFile(kekFile);
        var random = new Random(seed);
        var images = Enumerable.Range(0, 2).Select(_ => new FloatImage(24, 24, 1, [.. Enumerable.Range(0, 576).Select(_ => (float)random.NextDouble())])).ToList();
        var options = new KeyGenerationOptions { Architecture = new DlednetArchitecture(1, 1), CropSize = 16, BatchSize = 2, Steps = 2, DiscriminatorWidth = 4, CheckpointEvery = 0, Seed = seed };
        using var trained = new KeyGenerator(options, torch.CPU).Train(images, new NoiseHiddenFactors());
        using var key = CipherKey.FromTraining(trained, torch.CPU);
        KeyFile.Write(key, Path.Combine(ring, name + KeyFile.Extension), kek);
        return key.Id.ToString();
    }

    /// <summary>Opens the keyring for decrypting in the test process.</summary>
    public Keyring Open()
    {
        using var kek = KeyEncryptionKey.FromFile(KekFile);
        return new Keyring(Directory, Cipher.Keys.KeyId.Parse(KeyId), kek, torch.CPU);
    }
}
