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
        var options = KeyGenerationOptions.Quick with { Seed = 1 };
        var training = SyntheticRadiographs.Set(24, 256, 1);
        var heldOut = SyntheticRadiographs.Set(6, 256, 1001);
        var watch = Stopwatch.StartNew();
        using var key = new KeyGenerator(options, torch.CPU).Train(training, new NoiseHiddenFactors());
        var trained = watch.Elapsed;
        var quality = KeyEvaluator.Evaluate(key, heldOut, torch.CPU);
        output.WriteLine($"{options.Steps} steps in {trained.TotalSeconds:F0} s, evaluated in {(watch.Elapsed - trained).TotalSeconds:F0} s on {torch.get_num_threads()} thread(s): {quality}");
        Assert.True(quality.MeanPsnr >= 30, $"mean decryption PSNR {quality.MeanPsnr:F2} dB");
        Assert.True(quality.MaxSsim < 0.05, $"max SSIM(G(x), x) {quality.MaxSsim:F3}");
        Assert.True(quality.MaxAbsPearson < 0.1, $"max |Pearson(G(x), x)| {quality.MaxAbsPearson:F3}");
    }
}
