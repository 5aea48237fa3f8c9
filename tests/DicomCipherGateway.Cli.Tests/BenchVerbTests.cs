namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg bench cipher, run as a child process: every fast-path step timed, AES beside it, PSNR per variant with a key.</summary>
public sealed class BenchVerbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private static readonly string[] Variants =
    [
        "fp32, module as written",
        "fp32, batch norm folded (NCHW)",
        "fp32, folded + channels-last |",
        "fp32, folded + channels-last + tap output conv",
        "fp32, + Winograd F(4×4,3×3) residual convs",
        "bf16, folded + channels-last |",
        "bf16, folded + channels-last + tap output conv",
        "bf16, + input padded to 4 channels",
    ];

    private readonly string dir = Directory.CreateTempSubdirectory("dcg-bench-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Bench_times_every_step_at_each_thread_count_and_reports_decryption_psnr_per_variant()
    {
        var train = Path.Combine(dir, "train");
        var heldOut = Path.Combine(dir, "held-out");
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "data", "synth", "-o", train, "-n", "2", "--size", "64")).ExitCode);
        Assert.Equal(0, (await DcgProcess.RunAsync(Timeout, "data", "synth", "-o", heldOut, "-n", "2", "--size", "64", "--seed", "50")).ExitCode);
        var key = Path.Combine(dir, "k.dcgkey");
        var kek = Path.Combine(dir, "kek");
        var gen = await DcgProcess.RunAsync(Timeout, "keygen", "-o", key, "--training", train, "--kek-file", kek, "--create-kek", "--steps", "2", "--min-psnr", "0", "--threads", "1", "--device", "cpu");
        Assert.True(gen.ExitCode == 0, gen.StdErr);

        var bench = await DcgProcess.RunAsync(Timeout, "bench", "cipher", "--sizes", "32", "--seconds", "0.1", "--rounds", "1",
            "--threads", "1,2", "--batch", "2", "--key", key, "--kek-file", kek, "--images", heldOut);
        Assert.True(bench.ExitCode == 0, bench.StdErr);
        var lines = bench.StdOut.Split('\n');
        foreach (var variant in Variants)
        {
            // One speed row per thread count, one PSNR row.
            Assert.Equal(3, lines.Count(l => l.Contains(variant, StringComparison.Ordinal)));
        }

        Assert.Single(lines, l => l.StartsWith("| 32×32 | 1 | 2 | AES-256-GCM", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("| 32×32 | 2 | 2 | AES-256-GCM", StringComparison.Ordinal));
        Assert.Contains("2 held-out image(s)", bench.StdOut);
        Assert.Contains("(reference)", bench.StdOut);
    }

    [Theory]
    [InlineData("--threads", "1,x", "--threads: 'x'")]
    [InlineData("--batch", "0", "--batch: '0'")]
    [InlineData("--images", "/nowhere", "--images needs --key")]
    public async Task Bad_arguments_fail_clearly(string option, string value, string message)
    {
        var result = await DcgProcess.RunAsync(Timeout, "bench", "cipher", "--sizes", "16", "--seconds", "0.1", option, value);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.StdErr);
    }
}
