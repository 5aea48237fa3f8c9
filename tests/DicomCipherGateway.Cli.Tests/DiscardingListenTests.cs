using System.Globalization;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary><c>dcg listen --discard</c>: answers C-STORE with Success, keeps nothing.</summary>
public sealed class DiscardingListenTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("dcg-cli-discard");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Discarding_listener_acknowledges_storescu_and_writes_nothing()
    {
        var inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        for (var i = 0; i < 3; i++)
        {
            await DicomTestData.CtSliceAsync(inputs, $"ct{i}.dcm", 16 + i, 16);
        }

        var port = FreePort.Next();
        var before = Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        await using (var listener = await DcgServer.StartAsync(port, "listen", "-p", port.ToString(CultureInfo.InvariantCulture), "--discard", "--bind", "127.0.0.1"))
        {
            var storescu = await DcmtkTools.RunAsync("storescu", ["-aec", "ANY", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. Directory.GetFiles(inputs, "*.dcm")], Timeout);

            Assert.True(storescu.ExitCode == 0, storescu.StdErr + storescu.StdOut);
            Assert.Contains("received #3", listener.Output, StringComparison.Ordinal);
            Assert.Contains("(discarded)", listener.Output, StringComparison.Ordinal);
        }

        Assert.Equal(before, Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Listen_needs_exactly_one_of_output_and_discard(bool both)
    {
        var result = await DcgProcess.RunAsync(Timeout, both ? ["listen", "-p", "1", "--discard", "-o", _dir.Path] : ["listen", "-p", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("needs either --output FOLDER or --discard", result.StdErr, StringComparison.Ordinal);
    }
}
