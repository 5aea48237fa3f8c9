using SkiaSharp;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>
/// dcg keygen is reproducible with a seed, judges a key before writing it, and fails loudly, with no
/// key file, when training diverges or the key is broken (issue 9).
/// </summary>
public sealed class KeygenReliabilityTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(12);
    private readonly string dir = Directory.CreateTempSubdirectory("dcg-keygen-reliability-").FullName;
    private readonly string training;
    private readonly string kek;

    public KeygenReliabilityTests()
    {
        training = Directory.CreateDirectory(Path.Combine(dir, "train")).FullName;
        for (var n = 0; n < 3; n++)
        {
            WriteSmoothPng(Path.Combine(training, $"img{n}.png"), 72, 80, n);
        }

        kek = Path.Combine(dir, "kek");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Two_seeded_runs_give_the_same_G_and_record_their_quality_gate()
    {
        var fingerprints = new List<string>();
        foreach (var name in new[] { "a", "b" })
        {
            var key = Path.Combine(dir, name + ".dcgkey");
            var gen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", training, "--kek-file", kek, "--create-kek",
                "--seed", "7", "--steps", "10", "--min-psnr", "0", "--threads", "1", "--device", "cpu");
            Assert.True(gen.ExitCode == 0, gen.StdErr);
            Assert.Contains("quality gate: held-out PSNR mean", gen.StdErr);
            var info = await DcgProcess.RunAsync(Timeout, "key", "info", key, "--kek-file", kek);
            Assert.True(info.ExitCode == 0, info.StdErr);
            Assert.Contains("quality gate:  held-out PSNR mean", info.StdOut);
            Assert.Matches(@"texture \d\.\d{3} \(max \d\.\d{3}\)", info.StdOut); // measured by keygen, stored in the key, read back
            Assert.Contains("passed", info.StdOut);
            fingerprints.Add(info.StdOut.Split('\n').Single(l => l.StartsWith("G sha256:", StringComparison.Ordinal)));
        }

        Assert.Equal(fingerprints[0], fingerprints[1]);
    }

    [Fact]
    public async Task A_key_below_the_floor_is_refused_unless_forced_and_then_marked()
    {
        var refused = Path.Combine(dir, "weak.dcgkey");
        var gen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", refused, "--training", training, "--kek-file", kek, "--create-kek",
            "--steps", "2", "--threads", "1", "--device", "cpu");
        Assert.Equal(1, gen.ExitCode);
        Assert.Contains("failed its quality gate", gen.StdErr);
        Assert.Contains("below the 30.0 dB floor", gen.StdErr);
        Assert.False(File.Exists(refused));
        Assert.False(File.Exists(refused + ".checkpoint"));

        var forced = Path.Combine(dir, "forced.dcgkey");
        var force = await DcgProcess.RunAsync(Timeout, "keygen", "-o", forced, "--training", training, "--kek-file", kek,
            "--steps", "2", "--force", "--threads", "1", "--device", "cpu");
        Assert.True(force.ExitCode == 0, force.StdErr);
        var info = await DcgProcess.RunAsync(Timeout, "key", "info", forced, "--kek-file", kek);
        Assert.Contains("FAILED, written with --force", info.StdOut);
    }

    [Fact]
    public async Task Training_forced_to_diverge_ends_with_a_clear_error_and_no_key()
    {
        var key = Path.Combine(dir, "diverged.dcgkey");
        var gen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", training, "--kek-file", kek, "--create-kek",
            "--seed", "3", "--steps", "40", "--learning-rate", "1e6", "--min-psnr", "0", "--threads", "1", "--device", "cpu");
        Assert.Equal(1, gen.ExitCode);
        Assert.Contains("Training diverged: non-finite", gen.StdErr);
        Assert.Contains("roll-back", gen.StdErr);
        Assert.Contains("No key was produced", gen.StdErr);
        Assert.False(File.Exists(key));
    }

    private static void WriteSmoothPng(string path, int width, int height, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        var cx = random.Next(width);
        var cy = random.Next(height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var d = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                bitmap.SetPixel(x, y, new SKColor((byte)Math.Clamp(255 - (d * 3), 0, 255), 0, 0));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
