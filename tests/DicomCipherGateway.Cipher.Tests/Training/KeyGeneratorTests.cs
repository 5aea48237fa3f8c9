using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Training;

public class KeyGeneratorTests
{
    private static readonly List<DicomCipherGateway.Cipher.Pixels.FloatImage> Images = SmoothImages.Set(3, 32, 40);

    [Fact]
    public void Keys_from_the_csprng_differ_and_a_fixed_seed_repeats()
    {
        var options = TinyKeys.Options(0) with { Seed = null };
        var frame = SmoothImages.Create(24, 20, 99);
        using var a = CipherKey.FromTraining(new KeyGenerator(options, torch.CPU).Train(Images, new NoiseHiddenFactors()), torch.CPU);
        using var b = CipherKey.FromTraining(new KeyGenerator(options, torch.CPU).Train(Images, new NoiseHiddenFactors()), torch.CPU);
        Assert.NotEqual(a.Metadata.EncryptorFingerprint, b.Metadata.EncryptorFingerprint);
        Assert.NotEqual(a.Encrypt([frame])[0].Pixels, b.Encrypt([frame])[0].Pixels);
        Assert.False(a.Metadata.Training.Seeded);

        using var c = CipherKey.FromTraining(new KeyGenerator(TinyKeys.Options(42), torch.CPU).Train(Images, new NoiseHiddenFactors()), torch.CPU);
        using var d = CipherKey.FromTraining(new KeyGenerator(TinyKeys.Options(42), torch.CPU).Train(Images, new NoiseHiddenFactors()), torch.CPU);
        Assert.Equal(c.Metadata.EncryptorFingerprint, d.Metadata.EncryptorFingerprint);
        Assert.True(c.Metadata.Training.Seeded);
    }

    [Fact]
    public void Progress_is_reported_and_the_summary_describes_the_run()
    {
        var reports = new List<TrainingProgress>();
        var options = TinyKeys.Options(3) with { Steps = 4, ReportEvery = 2 };
        using var trained = new KeyGenerator(options, torch.CPU).Train(Images, new NoiseHiddenFactors(), new SynchronousProgress(reports.Add));
        Assert.Equal([2, 4], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.True(r.ReconstructionLoss > 0 && double.IsFinite(r.DiscriminatorLoss)));
        Assert.Equal(reports, trained.History);
        Assert.Equal(4, trained.Summary.Steps);
        Assert.Equal("noise:uniform", trained.Summary.HiddenFactors);
        Assert.Equal(64, trained.Summary.DatasetFingerprint.Length);
        Assert.Equal(4.0 * 2 / 3, trained.Summary.Epochs, 6);
    }

    [Fact]
    public void An_interrupted_run_resumes_from_its_checkpoint()
    {
        var options = TinyKeys.Options(11) with { Steps = 4, CheckpointEvery = 2, ReportEvery = 1 };
        var store = new MemoryCheckpointStore();
        using var cts = new CancellationTokenSource();
        var interrupted = new List<TrainingProgress>();
        var stopAfterCheckpoint = new SynchronousProgress(p =>
        {
            interrupted.Add(p);
            if (p.Step == 2)
            {
                cts.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() =>
            new KeyGenerator(options, torch.CPU).Train(Images, new NoiseHiddenFactors(), stopAfterCheckpoint, store, cts.Token));
        Assert.NotNull(store.Load());

        var resumedReports = new List<TrainingProgress>();
        using var resumed = new KeyGenerator(options, torch.CPU).Train(Images, new NoiseHiddenFactors(), new SynchronousProgress(resumedReports.Add), store);

        // Only steps 3 and 4 ran again; the history carries steps 1 and 2 over from the checkpoint.
        Assert.Equal([3, 4], resumedReports.Select(r => r.Step));
        Assert.Equal([1, 2, 3, 4], resumed.History.Select(r => r.Step));
        Assert.Equal(interrupted.Take(2).Select(r => r.ReconstructionLoss), resumed.History.Take(2).Select(r => r.ReconstructionLoss));
    }

    [Fact]
    public void A_checkpoint_from_other_settings_is_refused()
    {
        var store = new MemoryCheckpointStore();
        using (new KeyGenerator(TinyKeys.Options(1) with { Steps = 3, CheckpointEvery = 2 }, torch.CPU).Train(Images, new NoiseHiddenFactors(), null, store))
        {
        }

        var ex = Assert.Throws<InvalidDataException>(() =>
            new KeyGenerator(TinyKeys.Options(1) with { Steps = 5, CheckpointEvery = 2 }, torch.CPU).Train(Images, new NoiseHiddenFactors(), null, store));
        Assert.Contains("other key-generation settings", ex.Message);
    }

    [Fact]
    public void Images_smaller_than_the_crop_and_bad_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            new KeyGenerator(TinyKeys.Options(1) with { CropSize = 64 }, torch.CPU).Train(Images, new NoiseHiddenFactors()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyGenerator(TinyKeys.Options(1) with { CropSize = 30 }, torch.CPU));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyGenerator(TinyKeys.Options(1) with { QuantisationBits = 12 }, torch.CPU));
        Assert.Throws<ArgumentException>(() => KeyGenerationOptions.Preset("huge"));
    }

    [Fact]
    public void Image_hidden_factors_are_used_and_described()
    {
        var factors = new ImageHiddenFactors(SmoothImages.Set(2, 20, 500), "test-folder");
        using var trained = new KeyGenerator(TinyKeys.Options(2), torch.CPU).Train(Images, factors);
        Assert.Equal("images:test-folder (2)", trained.Summary.HiddenFactors);
    }

    [Fact]
    public void The_loss_curve_renders_to_a_png_headless()
    {
        using var dir = new TempDirectory();
        var path = dir.File("loss.png");
        var history = Enumerable.Range(1, 20).Select(i => new TrainingProgress(i, 20, 1.0 / i, 0.7, 0.6, 0.1 / i, 2e-4, TimeSpan.FromSeconds(i))).ToList();
        LossCurvePlot.Save(history, path);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    private sealed class MemoryCheckpointStore : ICheckpointStore
    {
        private byte[]? stored;

        public void Save(byte[] checkpoint) => stored = (byte[])checkpoint.Clone();

        public byte[]? Load() => stored;
    }
}
