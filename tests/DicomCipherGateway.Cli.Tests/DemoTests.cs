using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

public class DemoTests
{
    [Fact]
    public async Task Demo_runs_every_step_and_exits_zero()
    {
        using var dir = new TempDirectory();
        var result = await DcgProcess.RunAsync(TimeSpan.FromMinutes(10), "demo", "--out", dir.Combine("demo"));
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("demo finished", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("RLE Lossless", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("dcmdrle and dcg decode identical pixels", result.StdOut, StringComparison.Ordinal);
    }
}
