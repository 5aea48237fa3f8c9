using SkiaSharp;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg keygen / key info / key list / key new-kek, run as a child process on PNG training images.</summary>
public sealed class KeyVerbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string dir = Directory.CreateTempSubdirectory("dcg-keyverbs-").FullName;

    public KeyVerbTests()
    {
        var training = Directory.CreateDirectory(Path.Combine(dir, "train")).FullName;
        for (var n = 0; n < 3; n++)
        {
            WriteSmoothPng(Path.Combine(training, $"img{n}.png"), 72, 80, n);
        }
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Keygen_writes_a_key_that_info_verifies_and_list_shows()
    {
        var key = Path.Combine(dir, "ring", "a.dcgkey");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        var kek = Path.Combine(dir, "kek");
        var gen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", Path.Combine(dir, "train"),
            "--kek-file", kek, "--create-kek", "--steps", "2", "--min-psnr", "0", "--threads", "1", "--device", "cpu");
        Assert.True(gen.ExitCode == 0, gen.StdErr);
        var id = gen.StdOut.Trim();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Contains("step 2/2", gen.StdErr);
        Assert.True(File.Exists(key + ".loss.png"));
        Assert.False(File.Exists(key + ".checkpoint"));

        var info = await DcgProcess.RunAsync(Timeout, "key", "info", key, "--kek-file", kek);
        Assert.True(info.ExitCode == 0, info.StdErr);
        Assert.Contains(id, info.StdOut);
        Assert.Contains("verified:      yes", info.StdOut);
        Assert.Contains("3 residual blocks", info.StdOut);
        Assert.Contains("no (OS CSPRNG)", info.StdOut);

        var list = await DcgProcess.RunAsync(Timeout, "key", "list", Path.GetDirectoryName(key)!, "--active", id);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("* " + id, list.StdOut);

        // A wrong KEK is a clear error, and an existing key is never overwritten.
        var otherKek = Path.Combine(dir, "other-kek");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "key", "new-kek", otherKek)).ExitCode);
        var wrong = await DcgProcess.RunAsync(Timeout, "key", "info", key, "--kek-file", otherKek);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("wrong KEK", wrong.StdErr);
        var again = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", Path.Combine(dir, "train"), "--kek-file", kek);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("never overwritten", again.StdErr);

        // Issue 11: --resume pointed at an existing key (no checkpoint) does not overwrite it either.
        var before = await File.ReadAllBytesAsync(key);
        var resume = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", Path.Combine(dir, "train"), "--kek-file", kek, "--resume", "--steps", "2", "--threads", "1", "--device", "cpu");
        Assert.Equal(2, resume.ExitCode);
        Assert.Contains("never overwritten, not even by --resume", resume.StdErr);
        Assert.Equal(before, await File.ReadAllBytesAsync(key));
        Assert.Equal(id, (await DcgProcess.RunAsync(Timeout, "key", "info", key, "--kek-file", kek)).StdOut.Split('\n')[0].Split(':')[1].Trim());

        // A KEK file that group or others can read is refused, as ssh refuses such private keys.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kek, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var open = await DcgProcess.RunAsync(Timeout, "key", "info", key, "--kek-file", kek);
            Assert.Equal(1, open.ExitCode);
            Assert.Contains("accessible to group or others", open.StdErr);
        }
    }

    [Fact]
    public async Task Keygen_without_a_kek_or_with_a_missing_training_folder_fails_clearly()
    {
        var noKek = await DcgProcess.RunAsync(Timeout, "keygen", "-o", Path.Combine(dir, "x.dcgkey"), "--training", Path.Combine(dir, "train"));
        Assert.Equal(2, noKek.ExitCode);
        Assert.Contains("key-encryption key is required", noKek.StdErr);

        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "key", "new-kek", Path.Combine(dir, "kek2"))).ExitCode);
        var noData = await DcgProcess.RunAsync(Timeout, "keygen", "-o", Path.Combine(dir, "x.dcgkey"), "--training", Path.Combine(dir, "nowhere"), "--kek-file", Path.Combine(dir, "kek2"));
        Assert.Equal(1, noData.ExitCode);
        Assert.Contains("does not exist", noData.StdErr);
        Assert.False(File.Exists(Path.Combine(dir, "x.dcgkey")));
    }

    private static void WriteSmoothPng(string path, int width, int height, int seed)
    {
        var random = new Random(seed);
        var (cx, cy) = (random.Next(width), random.Next(height));
        using var bitmap = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (byte)(60 + (150 * Math.Exp(-(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / 400.0)));
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
