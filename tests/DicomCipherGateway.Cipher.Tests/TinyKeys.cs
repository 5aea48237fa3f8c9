using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests;

/// <summary>Keys trained for two steps on tiny crops: real keys, made in a second.</summary>
internal static class TinyKeys
{
    public static KeyGenerationOptions Options(long seed) => new()
    {
        PresetName = "test",
        Architecture = new DlednetArchitecture(1, 1),
        CropSize = 16,
        BatchSize = 2,
        Steps = 2,
        DiscriminatorWidth = 4,
        ReportEvery = 1,
        CheckpointEvery = 0,
        Seed = seed,
    };

    public static CipherKey Create(long seed = 1) => Create(seed, KeyFile.CurrentVersion);

    /// <summary>A key with the subkey layout of key-file <paramref name="fileVersion"/> (1: the seal key used directly, as keys made before version 2).</summary>
    public static CipherKey Create(long seed, int fileVersion, KeyQualityCheck? qualityCheck = null)
    {
        // Written while issue 9's "residual finalizer race" was open; its non-finite gradients turned out
        // to be oneDNN's AVX2/AVX-512 convolution kernels (docs/cipher.md, "Issue 9: the cause"), now
        // capped for training. The retry stays as a guard: a failed run ends with a clear
        // KeyGenerationException, as it must, and tests that only need some key try a fresh generator.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var trained = new KeyGenerator(Options(seed), torch.CPU).Train(SmoothImages.Set(2, 24, (int)seed), new NoiseHiddenFactors());
                return CipherKey.FromTraining(trained, torch.CPU, fileVersion, qualityCheck);
            }
            catch (KeyGenerationException) when (attempt < 3)
            {
            }
        }
    }
}
