using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>Every way decryption must refuse: a clear <see cref="CipherObjectException"/> naming the SOP Instance UID, and no object.</summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class DecryptionFailureTests : IDisposable
{
    private static readonly DicomTag Envelope = new(0x7FD1, 0x1010);
    private readonly ObjectKeysFixture keys;
    private readonly TempDirectory temp = new();
    private readonly byte[] ciphertext;
    private readonly string sop;

    public DecryptionFailureTests(ObjectKeysFixture keys)
    {
        this.keys = keys;
        var original = DicomFile.Open(ObjectTestData.Radiograph(temp.File("r.dcm"), seed: 11, width: 64, height: 48));
        sop = original.Dataset.GetString(DicomTags.SOPInstanceUID)!;
        ciphertext = Bytes(new DicomObjectEncryptor(keys.Key).Encrypt(original));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_untouched_ciphertext_decrypts() => new DicomObjectDecryptor(keys.Keyring).Decrypt(Read(ciphertext));

    [Fact]
    public void A_wrong_key_is_refused() =>
        Refused(new DicomObjectDecryptor(_ => keys.OtherKey), Read(ciphertext), CipherObjectFailure.WrongKey, "not with the key given");

    [Fact]
    public void A_key_missing_from_the_keyring_is_refused()
    {
        var directory = Directory.CreateDirectory(temp.File("ring")).FullName;
        KeyFile.Write(keys.OtherKey, Path.Combine(directory, "b" + KeyFile.Extension), keys.Kek);
        using var keyring = new Keyring(directory, keys.OtherKey.Id, keys.Kek, torch.CPU);
        Refused(new DicomObjectDecryptor(keyring), Read(ciphertext), CipherObjectFailure.KeyNotFound, "is not in the keyring");
    }

    [Fact]
    public void A_flipped_byte_in_the_envelope_is_refused()
    {
        var file = Read(ciphertext);
        var envelope = file.Dataset.GetElement(Envelope)!.Value.GetMemory().ToArray();
        envelope[envelope.Length / 2] ^= 0x01;
        file.Dataset.SetBytes(Envelope, DicomVR.OB, envelope);
        Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Tampered, "failed authentication");
    }

    [Fact]
    public void A_flipped_byte_in_the_pixel_data_is_refused()
    {
        var file = Read(ciphertext);
        var pixels = file.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
        pixels[100] ^= 0x80;
        file.Dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Tampered, "pixel data was altered");
    }

    [Fact]
    public void A_changed_SOP_Instance_UID_is_refused()
    {
        var file = Read(ciphertext);
        file.Dataset.SetString(DicomTags.SOPInstanceUID, "1.2.3.4.5.6.7");
        var ex = Assert.Throws<CipherObjectException>(() => new DicomObjectDecryptor(keys.Keyring).Decrypt(file));
        Assert.Equal(CipherObjectFailure.Tampered, ex.Failure);
        Assert.Contains("1.2.3.4.5.6.7", ex.Message);
    }

    [Fact]
    public void A_changed_clear_attribute_of_the_private_block_is_refused()
    {
        var file = Read(ciphertext);
        var tag = new DicomTag(0x7FD1, 0x1006);
        file.Dataset.SetString(tag, DicomVR.LT, file.Dataset.GetString(tag)!.Replace("bits-stored=12", "bits-stored=16", StringComparison.Ordinal));
        Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Tampered, "failed authentication");
    }

    [Fact]
    public void A_truncated_envelope_is_refused()
    {
        var file = Read(ciphertext);
        var envelope = file.Dataset.GetElement(Envelope)!.Value.GetMemory();
        file.Dataset.SetBytes(Envelope, DicomVR.OB, envelope[..(envelope.Length / 2 & ~1)]);
        Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Tampered, "failed authentication");
        file.Dataset.SetBytes(Envelope, DicomVR.OB, envelope[..40]);
        Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Malformed, "truncated");
    }

    [Fact]
    public void A_private_block_missing_its_envelope_is_refused()
    {
        var file = Read(ciphertext);
        file.Dataset.Remove(Envelope);
        Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Malformed, "envelope element is missing");
    }

    [Fact]
    public void A_file_cut_inside_the_private_block_is_refused_by_the_reader_or_the_decryptor()
    {
        // The envelope sits just before Pixel Data (64×48×2 bytes + 12-byte header): cut 50 bytes into its end.
        var cut = ciphertext.AsSpan(0, ciphertext.Length - (64 * 48 * 2) - 12 - 50).ToArray();
        try
        {
            var file = Read(cut);
            Refused(new DicomObjectDecryptor(keys.Keyring), file, CipherObjectFailure.Malformed, string.Empty);
        }
        catch (Dicom.DicomException)
        {
            // The data layer refuses the truncated file itself, naming the offset: also a clear error.
        }
    }

    [Fact]
    public void A_plaintext_object_is_reported_as_not_encrypted()
    {
        var plain = DicomFile.Open(ObjectTestData.Radiograph(temp.File("p.dcm"), seed: 2, width: 32, height: 32));
        Assert.False(DicomObjectDecryptor.IsEncrypted(plain.Dataset));
        Assert.True(DicomObjectDecryptor.IsEncrypted(Read(ciphertext).Dataset));
        var ex = Assert.Throws<CipherObjectException>(() => new DicomObjectDecryptor(keys.Keyring).Decrypt(plain));
        Assert.Equal(CipherObjectFailure.NotEncrypted, ex.Failure);
    }

    [Fact]
    public void Encrypting_a_ciphertext_object_again_is_refused()
    {
        var ex = Assert.Throws<CipherObjectException>(() => new DicomObjectEncryptor(keys.Key).Encrypt(Read(ciphertext)));
        Assert.Equal(CipherObjectFailure.Unsupported, ex.Failure);
        Assert.Contains("already encrypted", ex.Message);
        Assert.Contains(sop, ex.Message);
    }

    private void Refused(DicomObjectDecryptor decryptor, DicomFile file, CipherObjectFailure failure, string reason)
    {
        var ex = Assert.Throws<CipherObjectException>(() => decryptor.Decrypt(file));
        Assert.Equal(failure, ex.Failure);
        Assert.Contains(sop, ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    private static byte[] Bytes(DicomFile file)
    {
        using var stream = new MemoryStream();
        file.Write(stream);
        return stream.ToArray();
    }

    private static DicomFile Read(byte[] bytes) => DicomFile.Read(new MemoryStream(bytes));
}
