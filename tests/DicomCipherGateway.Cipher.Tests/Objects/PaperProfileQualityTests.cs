using System.Diagnostics;
using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using TorchSharp;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Objects;

/// <summary>
/// The paper profile end to end with a key trained by the quick preset on synthetic radiographs (as
/// DICOM, normalised per object): F's decryption of held-out radiographs, and what the G(x) view shows.
/// </summary>
public sealed class PaperProfileQualityTests(ITestOutputHelper output)
{
    // The shared key (seed 1, two threads; bit-identical from run to run since issue 9's fix) measured
    // 30.91–31.15 dB here on seeds 1001–1004 in a fresh-clone run of 2026-12-04, and 31.04 dB mean in
    // QuickPresetQualityTests: a margin of about 1 dB over the floor (docs/cipher.md).
    [Fact]
    [Trait("Category", "Slow")]
    public void A_quick_key_decrypts_held_out_radiographs_above_30_dB_and_its_view_does_not_resemble_them()
    {
        var threads = torch.get_num_threads();
        torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
        try
        {
            var generator = new ChestRadiographGenerator();
            var acquired = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var key = SharedQuickKey.Key;
            output.WriteLine($"shared quick key trained in {SharedQuickKey.TrainingSeconds:F0} s");

            var encryptor = new DicomObjectEncryptor(key, new ObjectEncryptionOptions(CipherProfile.DlednetPaper));
            var decryptor = new DicomObjectDecryptor(id => key);
            var results = new List<(double Psnr, double Ssim, double Pearson, double Blurred)>();
            foreach (var seed in Enumerable.Range(1001, 4))
            {
                var image = generator.Generate(seed, 256, 256);
                var original = SyntheticStudy.ToDicomFile(image, acquired);
                var ciphertext = encryptor.Encrypt(original);
                var decrypted = decryptor.Decrypt(Reread(ciphertext));
                var x = image.Pixels.Select(v => (float)v).ToArray();
                var restored = decrypted.Dataset.GetElement(DicomTags.PixelData)!.GetValues<ushort>().Select(v => (float)v).ToArray();
                var view = ciphertext.Dataset.GetElement(DicomTags.PixelData)!.GetValues<ushort>().Select(v => v / 65535f).ToArray();
                var low = x.Min();
                var span = x.Max() - low;
                var xn = x.Select(v => (v - low) / span).ToArray();
                var rn = restored.Select(v => (v - low) / span).ToArray();
                var psnr = ImageMetrics.Psnr(xn, rn);
                var ssim = ImageMetrics.Ssim(view, xn, 256, 256);
                var pearson = ImageMetrics.Pearson(view, xn);
                var blurred = ImageMetrics.Pearson(ImageMetrics.GaussianBlur(view, 256, 256, 4), ImageMetrics.GaussianBlur(xn, 256, 256, 4));
                output.WriteLine($"seed {seed}: PSNR(F(G(x)), x) {psnr:F2} dB, SSIM(view, x) {ssim:F4}, Pearson {pearson:F4}, Pearson after blur σ=4 {blurred:F4}");
                results.Add((psnr, ssim, pearson, blurred));
            }

            Assert.All(results, r => Assert.True(r.Psnr >= 30, $"PSNR {r.Psnr:F2} dB"));
            Assert.All(results, r => Assert.True(r.Ssim < 0.05, $"SSIM {r.Ssim:F4}"));
            Assert.All(results, r => Assert.True(Math.Abs(r.Pearson) < 0.1, $"Pearson {r.Pearson:F4}"));
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    private static DicomFile Reread(DicomFile file)
    {
        using var stream = new MemoryStream();
        file.Write(stream);
        stream.Position = 0;
        return DicomFile.Read(stream);
    }
}
