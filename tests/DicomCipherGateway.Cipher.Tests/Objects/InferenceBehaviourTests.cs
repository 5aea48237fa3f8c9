using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>Tiling gives the whole-image view.</summary>
[Collection(ObjectKeysCollection.Name)]
public sealed class InferenceBehaviourTests(ObjectKeysFixture keys, ITestOutputHelper output)
{
    [Fact]
    public void A_tiled_object_has_the_whole_image_view_and_decrypts_exactly()
    {
        var image = new ChestRadiographGenerator().Generate(9, 300, 282);
        var original = SyntheticStudy.ToDicomFile(image, DateTime.UtcNow);
        var whole = new DicomObjectEncryptor(keys.Key, new ObjectEncryptionOptions(Inference: new InferenceOptions(TileSize: 1024))).Encrypt(original);
        var tiled = new DicomObjectEncryptor(keys.Key, new ObjectEncryptionOptions(Inference: new InferenceOptions(TileSize: 64))).Encrypt(original);
        var a = whole.Dataset.GetElement(DicomTags.PixelData)!.GetValues<ushort>();
        var b = tiled.Dataset.GetElement(DicomTags.PixelData)!.GetValues<ushort>();
        var maxDiff = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        var differing = a.Zip(b).Count(p => p.First != p.Second);
        output.WriteLine($"max |whole − tiled| = {maxDiff} of 65535, {differing} of {a.Length} samples differ (float rounding at a quantisation boundary)");
        Assert.True(maxDiff <= 1, $"max difference {maxDiff}");
        Assert.True(differing < a.Length / 1000);
        var restored = new DicomObjectDecryptor(_ => keys.Key).Decrypt(tiled);
        Assert.Equal(image.ToFrame(), restored.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray());
    }
}
