using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>
/// <see cref="DicomObjectEncryptor.EncryptBatch"/> (the gateway's cross-object batching): each
/// object comes out as <see cref="DicomObjectEncryptor.Encrypt"/> makes it, frames of several
/// objects share forward passes, and an object that cannot be encrypted fails alone.
/// </summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class BatchEncryptionTests(ObjectKeysFixture keys) : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Objects_encrypted_together_decrypt_exactly_and_a_bad_one_fails_alone()
    {
        var paths = new[]
        {
            ObjectTestData.Radiograph(temp.File("a.dcm"), seed: 11, width: 64, height: 64),
            ObjectTestData.Radiograph(temp.File("d.dcm"), seed: 14, width: 64, height: 64),
            ObjectTestData.Radiograph(temp.File("b.dcm"), seed: 12, width: 64, height: 64),
            await ObjectTestData.SignedAsync(temp.Path, "mf", mr: true, rows: 64, columns: 64, frames: 5),
            ObjectTestData.Radiograph(temp.File("c.dcm"), seed: 13, width: 48, height: 40),
        };
        var inputs = paths.Select(p => DicomFile.Open(p)).ToArray();
        inputs[1].Dataset.Remove(DicomTags.PixelData);
        var encryptor = new DicomObjectEncryptor(keys.Key, new ObjectEncryptionOptions(Inference: InferenceOptions.Default with { BatchSize = 4 }));

        var outcomes = encryptor.EncryptBatch(inputs);

        Assert.Equal(inputs.Length, outcomes.Count);
        var failure = Assert.IsType<CipherObjectException>(outcomes[1].Failure);
        Assert.Equal(CipherObjectFailure.Unsupported, failure.Failure);
        Assert.Null(outcomes[1].Ciphertext);
        foreach (var i in new[] { 0, 2, 3, 4 })
        {
            Assert.Null(outcomes[i].Failure);
            var ciphertext = outcomes[i].Ciphertext!;
            Assert.Equal(inputs[i].Dataset.GetString(DicomTags.SOPInstanceUID), ciphertext.Dataset.GetString(DicomTags.SOPInstanceUID));

            // The view is G of this object's own frames: the same as encrypting it alone (to one
            // 16-bit step: a batched pass may round differently in the last bit).
            var alone = encryptor.Encrypt(inputs[i]);
            var together = Pixels(ciphertext);
            var single = Pixels(alone);
            Assert.Equal(single.Length, together.Length);
            Assert.True(single.Zip(together).All(p => Math.Abs(p.First - p.Second) <= 1), $"object {i}: the batched view differs from the view encrypted alone");

            var restored = temp.File($"restored-{i}.dcm");
            new DicomObjectDecryptor(keys.Keyring).Decrypt(ciphertext).Save(restored);
            Assert.Equal(await File.ReadAllBytesAsync(paths[i]), await File.ReadAllBytesAsync(restored));
        }
    }

    private static int[] Pixels(DicomFile file)
    {
        var bytes = file.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
        return file.Dataset.GetValues<ushort>(DicomTags.BitsAllocated)[0] == 8
            ? bytes.Select(b => (int)b).ToArray()
            : Enumerable.Range(0, bytes.Length / 2).Select(i => (int)BitConverter.ToUInt16(bytes, 2 * i)).ToArray();
    }
}
