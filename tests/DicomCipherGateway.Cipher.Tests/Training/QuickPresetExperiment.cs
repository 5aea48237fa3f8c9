using DicomCipherGateway.Cipher.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace DicomCipherGateway.Cipher.Tests.Training;

public class QuickPresetExperiment(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Experiment")]
    public void Run()
    {
        var steps = int.Parse(Environment.GetEnvironmentVariable("DCG_STEPS") ?? "100");
        var blocks = int.Parse(Environment.GetEnvironmentVariable("DCG_BLOCKS") ?? "3");
        torch.set_num_threads(int.Parse(Environment.GetEnvironmentVariable("DCG_THREADS") ?? "1"));
        var options = KeyGenerationOptions.Quick with { Steps = steps, Architecture = new(1, blocks), Seed = 1, ReportEvery = 25 };
        var train = SmoothImages.Set(24, 128, 1);
        var held = SmoothImages.Set(6, 128, 1000);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var key = new KeyGenerator(options, torch.CPU).Train(train, new NoiseHiddenFactors(),
            new Progress<TrainingProgress>(p => output.WriteLine($"{p.Step} rec {p.ReconstructionLoss:F4} adv {p.AdversarialLoss:F3} d {p.DiscriminatorLoss:F3} corr {p.CorrelationLoss:F4} lr {p.LearningRate:E1} {p.Elapsed.TotalSeconds:F0}s")));
        var q = KeyEvaluator.Evaluate(key, held, torch.CPU);
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F0}s {q}");
        File.WriteAllText("/tmp/dcg-experiment.txt", $"{sw.Elapsed.TotalSeconds:F0}s {q}\n" + string.Join("\n", key.History));
    }
}
