using System.Globalization;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg echo/store/listen against each other and DCMTK; find/move/get against dcmqrscp.</summary>
public sealed class NetworkVerbTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string StudyUid = "1.2.826.0.1.3680043.2.1125.2";
    private readonly TempDirectory _dir = new("dcg-cli-net");
    private string _inputs = string.Empty;

    public async Task InitializeAsync()
    {
        _inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        for (var i = 0; i < 3; i++)
        {
            await DicomTestData.CtSliceAsync(_inputs, $"ct{i}.dcm", 16 + i, 16);
        }
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Listen_receives_from_dcg_store_and_storescu_and_answers_dcg_echo()
    {
        var output = _dir.Combine("received");
        var port = FreePort.Next();
        await using var listener = await DcgServer.StartAsync(port, "listen", "-p", P(port), "--aet", "DCG-LISTEN", "-o", output, "--bind", "127.0.0.1");

        var echo = await DcgProcess.RunAsync(Timeout, "echo", "-p", P(port), "--aec", "DCG-LISTEN");
        Assert.True(echo.ExitCode == 0, echo.StdErr);
        Assert.Contains("Success", echo.StdOut, StringComparison.Ordinal);

        var store = await DcgProcess.RunAsync(Timeout, "store", "-p", P(port), "--aec", "DCG-LISTEN", _inputs);
        Assert.True(store.ExitCode == 0, store.StdErr + store.StdOut);
        Assert.Contains("[3/3]", store.StdOut, StringComparison.Ordinal);

        // The dump2dcm sources next to the files are not DICOM: reported, skipped, not a failure.
        Assert.Contains("skipping", store.StdErr, StringComparison.Ordinal);
        DicomAssert.SameObjects(_inputs, output);

        var again = _dir.Combine("received2");
        var port2 = FreePort.Next();
        await using var listener2 = await DcgServer.StartAsync(port2, "listen", "-p", P(port2), "-o", again, "--bind", "127.0.0.1");
        var storescu = await DcmtkTools.RunAsync("storescu", ["-aec", "ANYTHING", "127.0.0.1", P(port2), .. Directory.GetFiles(_inputs, "*.dcm")], Timeout);
        Assert.True(storescu.ExitCode == 0, storescu.StdErr + storescu.StdOut);
        DicomAssert.SameObjects(_inputs, again);
    }

    [Fact]
    public async Task Network_errors_are_one_line_with_their_exit_codes()
    {
        var closed = await DcgProcess.RunAsync(Timeout, "echo", "-p", P(FreePort.Next()), "--timeout", "5");
        Assert.Equal(20, closed.ExitCode);
        Assert.Single(closed.StdErr.Trim().Split('\n'));

        var port = FreePort.Next();
        await using var listener = await DcgServer.StartAsync(port, "listen", "-p", P(port), "--aet", "ONLY-ME", "-o", _dir.Combine("r"), "--bind", "127.0.0.1");
        var rejected = await DcgProcess.RunAsync(Timeout, "echo", "-p", P(port), "--aec", "SOMEONE-ELSE");
        Assert.Equal(21, rejected.ExitCode);
        Assert.Contains("called AE title not recognized", rejected.StdErr, StringComparison.Ordinal);
        Assert.Single(rejected.StdErr.Trim().Split('\n'));

        var badKey = await DcgProcess.RunAsync(Timeout, "find", "-p", P(port), "-k", "NoSuchKeyword=1");
        Assert.Equal(1, badKey.ExitCode);
        Assert.Contains("NoSuchKeyword", badKey.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_move_and_get_work_against_dcmqrscp()
    {
        var moved = _dir.Combine("moved");
        var listenPort = FreePort.Next();
        await using var listener = await DcgServer.StartAsync(listenPort, "listen", "-p", P(listenPort), "--aet", "DCG-DEST", "-o", moved, "--bind", "127.0.0.1");
        await using var qr = await DcmqrscpPeer.StartAsync(_dir.Combine("qr"), new Dictionary<string, int> { ["DCG-DEST"] = listenPort });
        string[] peer = ["-p", P(qr.Port), "--aec", qr.AeTitle];

        var store = await DcgProcess.RunAsync(Timeout, ["store", .. peer, _inputs]);
        Assert.True(store.ExitCode == 0, store.StdErr + store.StdOut);

        var find = await DcgProcess.RunAsync(Timeout, ["find", .. peer, "-L", "IMAGE", "-k", $"StudyInstanceUID={StudyUid}", "-k", "SeriesInstanceUID", "-k", "(0008,0018)"]);
        Assert.True(find.ExitCode == 0, find.StdErr + find.StdOut);
        Assert.Contains("# Match 3", find.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("# Match 4", find.StdOut, StringComparison.Ordinal);

        var move = await DcgProcess.RunAsync(Timeout, ["move", .. peer, "-d", "DCG-DEST", "-k", $"StudyInstanceUID={StudyUid}"]);
        Assert.True(move.ExitCode == 0, move.StdErr + move.StdOut);
        Assert.Contains("final 0000 (Success): 3 completed, 0 failed", move.StdOut, StringComparison.Ordinal);
        DicomAssert.SameObjects(_inputs, moved);

        var got = _dir.Combine("got");
        var get = await DcgProcess.RunAsync(Timeout, ["get", .. peer, "-o", got, "-k", $"StudyInstanceUID={StudyUid}"]);
        Assert.True(get.ExitCode == 0, get.StdErr + get.StdOut);
        DicomAssert.SameObjects(_inputs, got);
    }
}
