using DicomCipherGateway.Cipher.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Training;

/// <summary>The quick preset's promise, on held-out smooth images: F decrypts at ≥ 30 dB and the view shows nothing.</summary>
public class QuickPresetQualityTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void A_quick_key_decrypts_held_out_images_at_30_dB_and_its_view_does_not_resemble_them()
    {
        var options = KeyGenerationOptions.Quick with { Seed = 20261124 };
        var training = SmoothImages.Set(24, 128, 1);
        var heldOut = SmoothImages.Set(6, 128, 1000);
        using var key = new KeyGenerator(options, torch.CPU).Train(training, new NoiseHiddenFactors());
        var quality = KeyEvaluator.Evaluate(key, heldOut, torch.CPU);
        output.WriteLine(quality.ToString());
        Assert.True(quality.MeanPsnr >= 30, $"mean decryption PSNR {quality.MeanPsnr:F2} dB");
        Assert.True(quality.MaxSsim < 0.05, $"max SSIM(G(x), x) {quality.MaxSsim:F3}");
        Assert.True(quality.MaxAbsPearson < 0.1, $"max |Pearson(G(x), x)| {quality.MaxAbsPearson:F3}");
    }
}
