using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Training;
using TorchSharp;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg roi train / segment / evaluate as child processes, on ciphertext of two tiny keys.</summary>
public sealed class RoiVerbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string dir = Directory.CreateTempSubdirectory("dcg-roiverbs-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task A_model_trained_on_one_keys_ciphertext_segments_it_and_refuses_another_keys()
    {
        var plain = Path.Combine(dir, "plain");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "data", "synth", "-o", plain, "-n", "2", "--size", "64")).ExitCode);
        var a = Encrypted("a", plain, seed: 21);
        var b = Encrypted("b", plain, seed: 22);
        var masks = Path.Combine(plain, "masks");
        var model = Path.Combine(dir, "a.dcgroi");

        var train = await DcgProcess.RunAsync(Timeout, "roi", "train", "--data", await a, "--masks", masks, "--validation", await a, "--output", model,
            "--backbone", "resnet18:4", "--steps", "2", "--batch", "1", "--validate-every", "1", "--seed", "1", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.StdErr);
        Assert.Contains("resnet18 (basic blocks 2-2-2-2, base width 4; width-reduced", train.StdErr);
        Assert.Matches("convolutions: (oneDNN convolutions .*gradients checked against ATen's|ATen's convolution kernels|libtorch's default)", train.StdErr);
        Assert.True(File.Exists(model + ".dice.png"));
        Assert.False(File.Exists(model + ".checkpoint"));

        var segmented = Path.Combine(dir, "seg");
        var segment = await DcgProcess.RunAsync(Timeout, "roi", "segment", await a, segmented, "--model", model, "--threads", "1");
        Assert.True(segment.ExitCode == 0, segment.StdErr);
        Assert.Equal(2, Directory.GetFiles(segmented, "*.dcm").Length);
        Assert.Equal(2, Directory.GetFiles(segmented, "*.dcm.png").Length);
        // One image at a time went to NNPACK, which warned per convolution on CPUs it does not support.
        Assert.DoesNotContain("NNPACK", segment.StdErr);

        var refused = await DcgProcess.RunAsync(Timeout, "roi", "segment", await b, Path.Combine(dir, "seg-b"), "--model", model, "--threads", "1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refused", refused.StdErr);
        Assert.Contains("but the model was trained for key", refused.StdErr);
        Assert.False(Directory.Exists(Path.Combine(dir, "seg-b")) && Directory.GetFiles(Path.Combine(dir, "seg-b"), "*.dcm").Length > 0);

        var evaluate = await DcgProcess.RunAsync(Timeout, "roi", "evaluate", "--model", model, "--data", await b, "--masks", masks, "--threads", "1");
        Assert.NotEqual(0, evaluate.ExitCode);
        var anyKey = await DcgProcess.RunAsync(Timeout, "roi", "evaluate", "--model", model, "--data", await b, "--masks", masks, "--any-key", "--threads", "1");
        Assert.True(anyKey.ExitCode == 0, anyKey.StdErr);
        Assert.Contains("Dice left", anyKey.StdOut);
        Assert.DoesNotContain("NNPACK", anyKey.StdErr);
    }

    /// <summary>A folder of the plaintext objects encrypted with a fresh tiny key (its own keyring).</summary>
    private async Task<string> Encrypted(string name, string plain, int seed)
    {
        var ring = Directory.CreateDirectory(Path.Combine(dir, name + "-ring")).FullName;
        var kekFile = Path.Combine(dir, name + ".kek");
        using (var kek = KeyEncryptionKey.Generate())
        {
            kek.WriteToFile(kekFile);
            // Smooth images (synthetic radiographs, normalised) as TinyKeys trains on: random noise
            // images make the divergence guard give up on a 2-step run.
            var images = Enumerable.Range(seed, 2).Select(s =>
            {
                var r = new ChestRadiographGenerator().Generate(s, 64, 64);
                float low = r.Pixels.Min();
                float span = Math.Max(1, r.Pixels.Max() - low);
                return new FloatImage(64, 64, 1, r.Pixels.Select(v => (v - low) / span).ToArray());
            }).ToList();
            var options = new KeyGenerationOptions { Architecture = new DlednetArchitecture(1, 1), CropSize = 16, BatchSize = 2, Steps = 2, DiscriminatorWidth = 4, ReportEvery = 1, CheckpointEvery = 0, Seed = seed };
            using var trained = new KeyGenerator(options, torch.CPU).Train(images, new NoiseHiddenFactors());
            using var key = CipherKey.FromTraining(trained, torch.CPU);
            KeyFile.Write(key, Path.Combine(ring, "k" + KeyFile.Extension), kek);
        }

        var output = Path.Combine(dir, name + "-enc");
        var enc = await DcgProcess.RunAsync(Timeout, "encrypt", plain, output, "--keyring", ring, "--kek-file", kekFile, "--threads", "1", "--device", "cpu");
        Assert.True(enc.ExitCode == 0, enc.StdErr);
        return output;
    }
}
