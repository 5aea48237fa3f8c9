namespace DicomCipherGateway.Cli.Tests;

public class VersionTests
{
    [Fact]
    public async Task Version_prints_the_assembly_version_and_exits_zero()
    {
        var result = await DcgProcess.RunAsync(TimeSpan.FromSeconds(60), "version");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.1.0", result.StdOut.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_verb_fails_with_a_nonzero_exit_code()
    {
        var result = await DcgProcess.RunAsync(TimeSpan.FromSeconds(60), "no-such-verb");
        Assert.NotEqual(0, result.ExitCode);
    }
}
