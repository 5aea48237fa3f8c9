using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests;

/// <summary>
/// The one quick-preset key (seed 1, 24 synthetic 256² radiographs as DICOM objects, normalised as the
/// pixel transform does) that the slow quality tests share: trained once per test run, on first use,
/// instead of once per test (5–6 minutes each on 2 cores). It lives as long as the test process.
/// </summary>
internal static class SharedQuickKey
{
    private static readonly Lazy<CipherKey> Trained = new(Train, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Seeds of the training radiographs; held-out images must use others.</summary>
    public static IEnumerable<int> TrainingSeeds => Enumerable.Range(1, 24);

    public static CipherKey Key => Trained.Value;

    /// <summary>Seconds the training took (for the tests' output).</summary>
    public static double TrainingSeconds { get; private set; }

    private static CipherKey Train()
    {
        var threads = torch.get_num_threads();
        torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
        try
        {
            var generator = new ChestRadiographGenerator();
            var acquired = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var training = TrainingSeeds
                .SelectMany(seed => PixelNormaliser.Normalise(SyntheticStudy.ToDicomFile(generator.Generate(seed, 256, 256), acquired)))
                .ToList();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var trained = new KeyGenerator(KeyGenerationOptions.Quick with { Seed = 1 }, torch.CPU).Train(training, new NoiseHiddenFactors());
            TrainingSeconds = watch.Elapsed.TotalSeconds;
            return CipherKey.FromTraining(trained, torch.CPU);
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }
}
