using System.Diagnostics;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Training;

/// <summary>
/// The quick preset's promise on synthetic chest radiographs: a key trained on some decrypts
/// held-out ones (other seeds) at ≥ 30 dB, and its view shows nothing at full resolution.
/// </summary>
public class QuickPresetQualityTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void A_quick_key_decrypts_held_out_radiographs_at_30_dB_and_its_view_does_not_resemble_them()
    {
        // The shared key (SharedQuickKey: seed 1 on radiographs 1–24), judged on other seeds.
        var heldOut = SyntheticRadiographs.Set(6, 256, 1001);
        var key = SharedQuickKey.Key;
        var watch = Stopwatch.StartNew();
        var quality = KeyEvaluator.Evaluate(key.Encryptor, key.Decryptor, heldOut, torch.CPU, 16);
        output.WriteLine($"key trained in {SharedQuickKey.TrainingSeconds:F0} s, evaluated in {watch.Elapsed.TotalSeconds:F0} s on {torch.get_num_threads()} thread(s): {quality}");
        Assert.True(quality.MinViewStdDev >= KeyQualityCheck.MinViewStdDev, $"near-constant view (std {quality.MinViewStdDev:G3})");
        Assert.True(quality.MeanPsnr >= 30, $"mean decryption PSNR {quality.MeanPsnr:F2} dB");
        Assert.True(quality.MaxSsim < 0.05, $"max SSIM(G(x), x) {quality.MaxSsim:F3}");
        Assert.True(quality.MaxAbsPearson < 0.1, $"max |Pearson(G(x), x)| {quality.MaxAbsPearson:F3}");
    }
}
