using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

public class DemoTests
{
    [Fact]
    public async Task Demo_runs_every_step_and_exits_zero()
    {
        using var dir = new TempDirectory();
        // A 20-step key keeps the test short; the quick preset itself is proven by the cipher tests.
        var result = await DcgProcess.RunAsync(TimeSpan.FromMinutes(10), "demo", "--out", dir.Combine("demo"), "--key-steps", "20", "--min-psnr", "0");
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("demo finished", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("identical to the original (every element, every pixel)", result.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("demo", "pictures", "synth-000001.ciphertext.png")), "no ciphertext picture");
        Assert.Contains("RLE Lossless", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("dcmdrle and dcg decode identical pixels", result.StdOut, StringComparison.Ordinal);
    }
}
