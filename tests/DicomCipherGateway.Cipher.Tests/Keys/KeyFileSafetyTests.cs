using System.Buffers.Binary;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Keys;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Keys;

/// <summary>Issue 11: key files are never overwritten, KEK files are explicit and private, stored iterations are bounded, subkeys are derived.</summary>
public sealed class KeyFileSafetyTests : IDisposable
{
    private readonly CipherKey key = TinyKeys.Create(5);
    private readonly KeyEncryptionKey kek = KeyEncryptionKey.Generate();
    private readonly TempDirectory dir = new();

    public void Dispose()
    {
        key.Dispose();
        kek.Dispose();
        dir.Dispose();
    }

    [Fact]
    public void An_existing_key_file_is_never_overwritten_and_no_temp_file_is_left()
    {
        var path = dir.File("k" + KeyFile.Extension);
        KeyFile.Write(key, path, kek);
        var before = File.ReadAllBytes(path);
        using var other = TinyKeys.Create(6);
        var ex = Assert.Throws<KeyFileException>(() => KeyFile.Write(other, path, kek));
        Assert.Contains("never overwritten", ex.Reason);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void New_key_files_are_version_2_and_derive_distinct_wrap_and_noise_keys()
    {
        var path = dir.File("k" + KeyFile.Extension);
        KeyFile.Write(key, path, kek);
        Assert.Equal(KeyFile.CurrentVersion, KeyFile.ReadHeader(path).Version);
        using var loaded = KeyFile.Read(path, kek, torch.CPU);
        Assert.Equal(2, loaded.FileVersion);
        Assert.False(loaded.WrapKey.SequenceEqual(loaded.SealKey));
        Assert.False(loaded.NoiseKey.SequenceEqual(loaded.SealKey));
        Assert.False(loaded.NoiseKey.SequenceEqual(loaded.WrapKey));
        Assert.True(loaded.WrapKey.SequenceEqual(HKDF.DeriveKey(HashAlgorithmName.SHA256, loaded.SealKey.ToArray(), 32, info: "DCG envelope wrap key v2"u8.ToArray())));

        // The envelope's data key is wrapped by the derived key, not by the stored seal key.
        var envelope = loaded.Seal("pixels"u8, "aad"u8);
        Assert.Throws<SealedEnvelopeException>(() => EnvelopeSealer.Open(loaded.SealKey, loaded.Id, envelope, "aad"u8));
        Assert.Equal("pixels"u8.ToArray(), EnvelopeSealer.Open(loaded.WrapKey, loaded.Id, envelope, "aad"u8));
    }

    [Fact]
    public void An_old_version_1_key_file_still_opens_with_its_original_subkeys()
    {
        using var legacy = TinyKeys.Create(7, KeyFile.LegacyVersion);
        var path = dir.File("old" + KeyFile.Extension);
        KeyFile.Write(legacy, path, kek);
        Assert.Equal(KeyFile.LegacyVersion, KeyFile.ReadHeader(path).Version);
        using var loaded = KeyFile.Read(path, kek, torch.CPU);
        Assert.Equal(KeyFile.LegacyVersion, loaded.FileVersion);

        // Version 1: data keys wrapped by the seal key itself, so envelopes sealed before version 2 open.
        var oldEnvelope = EnvelopeSealer.Seal(legacy.SealKey, legacy.Id, "old object"u8, "aad"u8);
        Assert.Equal("old object"u8.ToArray(), loaded.Open(oldEnvelope, "aad"u8));
        Assert.True(loaded.NoiseKey.SequenceEqual(loaded.SealKey));
    }

    [Fact]
    public void A_forged_huge_PBKDF2_iteration_count_is_refused_before_deriving()
    {
        using var passphrase = KeyEncryptionKey.FromPassphrase("correct horse battery staple", iterations: 10_000);
        var bytes = KeyFile.Serialize(key, passphrase);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), int.MaxValue);
        var ex = Assert.Throws<KeyFileException>(() => KeyFile.Deserialize(bytes, passphrase, torch.CPU));
        Assert.Contains("iteration count", ex.Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyEncryptionKey.FromPassphrase("correct horse battery staple", iterations: KeyEncryptionKey.MaximumIterations + 1));
    }

    [Fact]
    public void A_world_readable_KEK_file_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = dir.File("kek");
        kek.WriteToFile(path);
        Assert.StartsWith(KeyEncryptionKey.FilePrefix, File.ReadAllText(path));
        using (KeyEncryptionKey.FromFile(path))
        {
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var ex = Assert.Throws<KeyFileException>(() => KeyEncryptionKey.FromFile(path));
        Assert.Contains("accessible to group or others (mode 644)", ex.Reason);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Throws<KeyFileException>(() => KeyEncryptionKey.FromFile(path));
    }

    [Fact]
    public void A_KEK_file_is_explicit_raw_bytes_are_refused_and_old_hex_files_still_read()
    {
        var raw = dir.File("raw");
        File.WriteAllBytes(raw, RandomNumberGenerator.GetBytes(32));
        Restrict(raw);
        Assert.Contains("raw 32-byte KEK files are no longer read", Assert.Throws<KeyFileException>(() => KeyEncryptionKey.FromFile(raw)).Reason);

        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var old = dir.File("old-kek");
        File.WriteAllText(old, hex + "\n");
        Restrict(old);
        var current = dir.File("new-kek");
        File.WriteAllText(current, KeyEncryptionKey.FilePrefix + hex + "\n");
        Restrict(current);
        using var a = KeyEncryptionKey.FromFile(old);
        using var b = KeyEncryptionKey.FromFile(current);
        using var opened = KeyFile.Deserialize(KeyFile.Serialize(key, a), b, torch.CPU);
        Assert.Equal(key.Id, opened.Id);

        Assert.Throws<KeyFileException>(() => kek.WriteToFile(current));
        Assert.Contains(hex, File.ReadAllText(current));
    }

    private static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
