using DicomCipherGateway.Cipher.Keys;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Keys;

public sealed class KeyFileTests : IDisposable
{
    private readonly CipherKey key = TinyKeys.Create(3);
    private readonly KeyEncryptionKey kek = KeyEncryptionKey.Generate();

    public void Dispose()
    {
        key.Dispose();
        kek.Dispose();
    }

    [Fact]
    public void A_key_file_round_trips_metadata_weights_and_seal_key()
    {
        using var dir = new TempDirectory();
        var path = dir.File("k" + KeyFile.Extension);
        KeyFile.Write(key, path, kek);
        using var loaded = KeyFile.Read(path, kek, torch.CPU);
        Assert.Equal(key.Id, loaded.Id);
        Assert.Equal(key.Metadata.EncryptorFingerprint, loaded.Metadata.EncryptorFingerprint);
        Assert.Equal(key.Metadata.Training, loaded.Metadata.Training);
        Assert.Equal(key.Metadata.Architecture, loaded.Metadata.Architecture);
        Assert.Equal(key.Metadata.Created.ToUnixTimeMilliseconds(), loaded.Metadata.Created.ToUnixTimeMilliseconds());

        var frame = SmoothImages.Create(40, 28, 5);
        Assert.Equal(key.Encrypt([frame])[0].Pixels, loaded.Encrypt([frame])[0].Pixels);
        Assert.Equal(key.Decrypt([frame])[0].Pixels, loaded.Decrypt([frame])[0].Pixels);

        // The seal keys agree: each opens what the other sealed.
        var envelope = key.Seal("pixels"u8, "uid"u8);
        Assert.Equal("pixels"u8.ToArray(), loaded.Open(envelope, "uid"u8));
    }

    [Fact]
    public void The_header_is_readable_without_the_kek()
    {
        var bytes = KeyFile.Serialize(key, kek);
        using var dir = new TempDirectory();
        var path = dir.File("k.dcgkey");
        File.WriteAllBytes(path, bytes);
        var header = KeyFile.ReadHeader(path);
        Assert.Equal(key.Id, header.KeyId);
        Assert.Equal(KekKind.KeyFile, header.KekKind);
        Assert.Equal(bytes.Length - KeyFile.HeaderSize - 16, header.PayloadLength);
    }

    [Fact]
    public void A_passphrase_sealed_key_file_opens_with_the_passphrase_only()
    {
        using var passphrase = KeyEncryptionKey.FromPassphrase("correct horse battery staple", iterations: 10_000);
        var bytes = KeyFile.Serialize(key, passphrase);
        using var loaded = KeyFile.Deserialize(bytes, passphrase, torch.CPU);
        Assert.Equal(key.Id, loaded.Id);

        using var wrong = KeyEncryptionKey.FromPassphrase("incorrect horse battery staple", iterations: 10_000);
        var ex = Assert.Throws<KeyFileException>(() => KeyFile.Deserialize(bytes, wrong, torch.CPU));
        Assert.Contains("wrong KEK or passphrase", ex.Message);
        var mismatch = Assert.Throws<KeyFileException>(() => KeyFile.Deserialize(bytes, kek, torch.CPU));
        Assert.Contains("sealed with a passphrase", mismatch.Message);
    }

    [Fact]
    public void A_wrong_kek_is_refused_clearly()
    {
        var bytes = KeyFile.Serialize(key, kek);
        using var other = KeyEncryptionKey.Generate();
        var ex = Assert.Throws<KeyFileException>(() => KeyFile.Deserialize(bytes, other, torch.CPU, "k.dcgkey"));
        Assert.Contains("wrong KEK", ex.Message);
        Assert.Equal("k.dcgkey", ex.Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(KeyFile.HeaderSize - 1)]
    [InlineData(KeyFile.HeaderSize)]
    [InlineData(KeyFile.HeaderSize + 100)]
    [InlineData(-1)]
    public void A_truncated_key_file_is_refused(int length)
    {
        var bytes = KeyFile.Serialize(key, kek);
        var cut = bytes[..(length < 0 ? bytes.Length + length : length)];
        var ex = Assert.Throws<KeyFileException>(() => KeyFile.Deserialize(cut, kek, torch.CPU));
        Assert.Contains("truncated", ex.Reason);
    }

    [Fact]
    public void Bytes_after_the_end_are_refused()
    {
        var bytes = KeyFile.Serialize(key, kek);
        Assert.Throws<KeyFileException>(() => KeyFile.Deserialize([.. bytes, 0], kek, torch.CPU));
    }

    [Fact]
    public void Any_flipped_byte_is_refused()
    {
        var bytes = KeyFile.Serialize(key, kek);

        // Every header byte, then a spread of payload and tag positions (the payload is ~1 MB).
        var positions = Enumerable.Range(0, KeyFile.HeaderSize)
            .Concat(Enumerable.Range(0, 64).Select(i => KeyFile.HeaderSize + (int)((long)i * (bytes.Length - KeyFile.HeaderSize) / 64)))
            .Concat(Enumerable.Range(bytes.Length - 16, 16));
        foreach (var position in positions)
        {
            var altered = (byte[])bytes.Clone();
            altered[position] ^= 0x10;
            var ex = Record.Exception(() => KeyFile.Deserialize(altered, kek, torch.CPU).Dispose());
            Assert.True(ex is KeyFileException, $"flipping byte {position} gave {ex?.GetType().Name ?? "no error"}");
        }
    }

    [Fact]
    public void Not_a_key_file_is_refused()
    {
        var ex = Assert.Throws<KeyFileException>(() => KeyFile.Deserialize(new byte[200], kek, torch.CPU));
        Assert.Contains("bad magic", ex.Reason);
    }

    [Fact]
    public void A_kek_file_round_trips_and_bad_ones_are_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("kek");
        kek.WriteToFile(path);
        using var read = KeyEncryptionKey.FromFile(path);
        using var loaded = KeyFile.Deserialize(KeyFile.Serialize(key, kek), read, torch.CPU);
        Assert.Equal(key.Id, loaded.Id);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        File.WriteAllText(dir.File("bad"), "not a key");
        Assert.Throws<KeyFileException>(() => KeyEncryptionKey.FromFile(dir.File("bad")));
        Assert.Throws<KeyFileException>(() => KeyEncryptionKey.FromFile(dir.File("missing")));
        Assert.Throws<KeyFileException>(() => KeyEncryptionKey.FromPassphrase("short"));
    }
}
