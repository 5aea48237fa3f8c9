using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>dlednet (the paper): decryption is F(view) de-normalised into the original pixel module, marked lossy.</summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class PaperProfileTests(ObjectKeysFixture keys) : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly DicomObjectEncryptor encryptor = new(keys.Key, new ObjectEncryptionOptions(CipherProfile.DlednetPaper));

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_signed_CT_comes_back_in_its_own_pixel_module_and_syntax_marked_lossy(bool rle)
    {
        var input = await ObjectTestData.SignedAsync(temp.Path, "ct.dcm", frames: 2);
        if (rle)
        {
            input = await ObjectTestData.ConvertAsync("dcmcrle", input, temp.File("ct.rle.dcm"));
        }

        var original = DicomFile.Open(input);
        var cipherPath = temp.File("ct.enc.dcm");
        encryptor.Encrypt(original).Save(cipherPath);
        CiphertextChecks.Structure(original, DicomFile.Open(cipherPath));
        await CiphertextChecks.JudgedByDcmtkAsync(input, cipherPath);
        Assert.Equal("DLEDNET", DicomFile.Open(cipherPath).Dataset.GetString(new Dicom.Model.DicomTag(0x7FD1, 0x1002)));

        var decrypted = new DicomObjectDecryptor(keys.Keyring).Decrypt(DicomFile.Open(cipherPath));
        var restoredPath = temp.File("ct.dec.dcm");
        decrypted.Save(restoredPath);
        var d = decrypted.Dataset;
        Assert.Equal(original.TransferSyntax.Uid, decrypted.TransferSyntax.Uid);
        Assert.Equal(1, d.GetValue<ushort>(DicomTags.PixelRepresentation));
        Assert.Equal(16, d.GetValue<ushort>(DicomTags.BitsStored));
        Assert.Equal("01", d.GetString(DicomTags.LossyImageCompression));
        Assert.Equal("DLEDNET", d.GetString(DicomTags.LossyImageCompressionMethod));
        Assert.Equal("1", d.GetString(DicomTags.LossyImageCompressionRatio));
        Assert.True(d.Contains(DicomTags.IconImageSequence));
        Assert.True(d.Contains(new Dicom.Model.DicomTag(0x60003000)));
        Assert.False(DicomObjectDecryptor.IsEncrypted(d));
        await CiphertextChecks.JudgedByDcmtkAsync(input, restoredPath);

        // Every restored value lies in the original's range (the tiny key is no good cipher: range and layout are what is checked here).
        var before = Range(original);
        var after = Range(DicomFile.Open(restoredPath));
        Assert.InRange(after.Low, before.Low, before.High);
        Assert.InRange(after.High, before.Low, before.High);
    }

    private static PixelNormalisation Range(DicomFile file)
    {
        var description = PixelModule.Describe(file.Dataset, null);
        return PixelNormaliser.Measure(description, PixelFrames.Read(file.Dataset, file.TransferSyntax, description, null));
    }

    [Fact]
    public async Task Colour_and_the_noise_view_are_refused_by_the_paper_profile()
    {
        var rgb = DicomFile.Open(await ObjectTestData.RgbAsync(temp.Path, "rgb.dcm"));
        var ex = Assert.Throws<CipherObjectException>(() => encryptor.Encrypt(rgb));
        Assert.Contains("colour", ex.Message);
        Assert.Contains(rgb.Dataset.GetString(DicomTags.SOPInstanceUID)!, ex.Message);
        Assert.Throws<ArgumentException>(() => new DicomObjectEncryptor(keys.Key, new ObjectEncryptionOptions(CipherProfile.DlednetPaper, CipherView.Noise)));
    }
}
