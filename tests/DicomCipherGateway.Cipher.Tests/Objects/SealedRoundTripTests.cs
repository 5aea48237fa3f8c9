using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Part10;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>dlednet-sealed: encrypt → file → decrypt gives back the original file byte for byte.</summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class SealedRoundTripTests(ObjectKeysFixture keys, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("radiograph", "g")]
    [InlineData("radiograph", "noise")]
    [InlineData("ct-signed", "g")]
    [InlineData("ct-signed-implicit", "g")]
    [InlineData("ct-signed-big-endian", "g")]
    [InlineData("ct-signed-rle", "g")]
    [InlineData("mr-signed-multiframe", "g")]
    [InlineData("mr-signed-multiframe-rle", "g")]
    [InlineData("rgb", "g")]
    [InlineData("rgb-rle", "g")]
    [InlineData("rgb-jpeg", "noise")]
    public async Task Decrypting_the_ciphertext_object_restores_the_original_file_byte_for_byte(string kind, string view)
    {
        var input = await MakeAsync(kind);
        var original = DicomFile.Open(input);
        var encryptor = new DicomObjectEncryptor(keys.Key, new ObjectEncryptionOptions(View: ObjectEncryptionOptions.ParseView(view)));
        var ciphertext = encryptor.Encrypt(original);
        var cipherPath = temp.File(kind + ".enc.dcm");
        ciphertext.Save(cipherPath);
        CiphertextChecks.Structure(original, DicomFile.Open(cipherPath));
        await CiphertextChecks.JudgedByDcmtkAsync(input, cipherPath);

        var decrypted = new DicomObjectDecryptor(keys.Keyring).Decrypt(DicomFile.Open(cipherPath));
        var restoredPath = temp.File(kind + ".dec.dcm");
        decrypted.Save(restoredPath);
        var expected = await File.ReadAllBytesAsync(input);
        var actual = await File.ReadAllBytesAsync(restoredPath);
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"first difference at byte {FirstDifference(expected, actual)}");
        output.WriteLine($"{kind}: {expected.Length} bytes in, ciphertext {new FileInfo(cipherPath).Length} bytes");
    }

    [Fact]
    public async Task A_ciphertext_object_transcoded_by_the_PACS_to_implicit_VR_or_RLE_still_decrypts_exactly()
    {
        var input = ObjectTestData.Radiograph(temp.File("r.dcm"), seed: 5, width: 96, height: 72);
        var cipherPath = temp.File("r.enc.dcm");
        new DicomObjectEncryptor(keys.Key).Encrypt(DicomFile.Open(input)).Save(cipherPath);
        var implicitPath = await ObjectTestData.ConvertAsync("dcmconv", cipherPath, temp.File("r.enc.implicit.dcm"), "+ti");
        var rlePath = await ObjectTestData.ConvertAsync("dcmcrle", cipherPath, temp.File("r.enc.rle.dcm"));
        var expected = await File.ReadAllBytesAsync(input);
        foreach (var path in new[] { implicitPath, rlePath })
        {
            var restored = temp.File(Path.GetFileName(path) + ".dec");
            new DicomObjectDecryptor(keys.Keyring).Decrypt(DicomFile.Open(path)).Save(restored);
            Assert.Equal(expected, await File.ReadAllBytesAsync(restored));
        }
    }

    [Fact]
    public void The_noise_view_is_keyed_and_deterministic_per_object()
    {
        var original = DicomFile.Open(ObjectTestData.Radiograph(temp.File("n.dcm"), seed: 3, width: 64, height: 64));
        var options = new ObjectEncryptionOptions(View: CipherView.Noise);
        var a = PixelBytes(new DicomObjectEncryptor(keys.Key, options).Encrypt(original));
        var b = PixelBytes(new DicomObjectEncryptor(keys.Key, options).Encrypt(original));
        var other = PixelBytes(new DicomObjectEncryptor(keys.OtherKey, options).Encrypt(original));
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        var mean = a.Average(x => (double)x);
        Assert.InRange(mean, 120, 135);
    }

    [Fact]
    public async Task Encapsulated_JPEG_is_refused_with_the_G_view_naming_the_object()
    {
        var rgb = await ObjectTestData.RgbAsync(temp.Path, "j.dcm");
        var jpeg = await ObjectTestData.ConvertAsync("dcmcjpeg", rgb, temp.File("j.jpeg.dcm"));
        var file = DicomFile.Open(jpeg);
        var ex = Assert.Throws<CipherObjectException>(() => new DicomObjectEncryptor(keys.Key).Encrypt(file));
        Assert.Equal(CipherObjectFailure.Unsupported, ex.Failure);
        Assert.Contains(file.Dataset.GetString(Dicom.Dictionary.DicomTags.SOPInstanceUID)!, ex.Message);
        Assert.Contains("noise view", ex.Message);
    }

    private static byte[] PixelBytes(DicomFile file) =>
        file.Dataset.GetElement(Dicom.Dictionary.DicomTags.PixelData)!.Value.GetMemory().ToArray();

    private static int FirstDifference(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }

    private async Task<string> MakeAsync(string kind)
    {
        switch (kind)
        {
            case "radiograph":
                return ObjectTestData.Radiograph(temp.File("radiograph.dcm"), seed: 7, width: 128, height: 112);
            case "rgb":
                return await ObjectTestData.RgbAsync(temp.Path, "rgb.dcm");
            case "rgb-rle":
                return await ObjectTestData.ConvertAsync("dcmcrle", await ObjectTestData.RgbAsync(temp.Path, "rgb.dcm"), temp.File("rgb.rle.dcm"));
            case "rgb-jpeg":
                return await ObjectTestData.ConvertAsync("dcmcjpeg", await ObjectTestData.RgbAsync(temp.Path, "rgb.dcm"), temp.File("rgb.jpeg.dcm"));
        }

        var mr = kind.StartsWith("mr", StringComparison.Ordinal);
        var frames = kind.Contains("multiframe", StringComparison.Ordinal) ? 3 : 1;
        var signed = await ObjectTestData.SignedAsync(temp.Path, "signed.dcm", mr, frames: frames);
        return kind switch
        {
            _ when kind.EndsWith("-implicit", StringComparison.Ordinal) => await ObjectTestData.ConvertAsync("dcmconv", signed, temp.File("s.implicit.dcm"), "+ti"),
            _ when kind.EndsWith("-big-endian", StringComparison.Ordinal) => await ObjectTestData.ConvertAsync("dcmconv", signed, temp.File("s.big.dcm"), "+tb"),
            _ when kind.EndsWith("-rle", StringComparison.Ordinal) => await ObjectTestData.ConvertAsync("dcmcrle", signed, temp.File("s.rle.dcm")),
            _ => signed,
        };
    }
}
