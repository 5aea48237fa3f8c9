using System.Diagnostics;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>Tiling gives the whole-image view; memory stays flat over many objects.</summary>
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

    [Fact]
    public void Memory_stays_flat_over_a_thousand_encryptions()
    {
        var generator = new ChestRadiographGenerator();
        var originals = Enumerable.Range(1, 8).Select(seed => SyntheticStudy.ToDicomFile(generator.Generate(seed, 64, 64), DateTime.UtcNow)).ToArray();
        var encryptor = new DicomObjectEncryptor(keys.Key);
        var decryptor = new DicomObjectDecryptor(_ => keys.Key);
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var ciphertext = encryptor.Encrypt(originals[i % originals.Length]);
                if (i % 10 == 0)
                {
                    decryptor.Decrypt(ciphertext);
                }
            }
        }

        Run(100);
        var (managedBefore, processBefore) = Measure();
        var watch = Stopwatch.StartNew();
        Run(1000);
        var (managedAfter, processAfter) = Measure();
        output.WriteLine($"1000 encryptions (64×64) + 100 decryptions in {watch.Elapsed.TotalSeconds:F1} s; managed {managedBefore / 1e6:F1} → {managedAfter / 1e6:F1} MB, process private {processBefore / 1e6:F1} → {processAfter / 1e6:F1} MB");
        Assert.True(managedAfter - managedBefore < 16_000_000, "managed memory grew");
        Assert.True(processAfter - processBefore < 64_000_000, "process (native) memory grew");
    }

    private static (long Managed, long Process) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.PrivateMemorySize64);
    }
}
