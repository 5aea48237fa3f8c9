using System.Globalization;
using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>
/// Ctrl-C during dcg find/move/get: C-CANCEL goes to the peer (our SCP, whose handler stalls
/// after the first result until it is cancelled), the peer's final counts are printed, exit 130.
/// </summary>
public sealed class InterruptTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
    private readonly TempDirectory _dir = new("dcg-cli-interrupt");
    private DicomFile[] _instances = [];

    public async Task InitializeAsync()
    {
        var files = new List<DicomFile>();
        for (var i = 0; i < 3; i++)
        {
            files.Add(DicomFile.Open(await DicomTestData.CtSliceAsync(_dir.Path, $"ct{i}.dcm", 16 + i, 16)));
        }

        _instances = [.. files];
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<DicomServer> StartPeerAsync(TestQueryRetrieveHandlers handlers, bool acceptFind)
    {
        var policy = new AssociationPolicy()
            .Accept(DicomUids.MOVEStudyRootQueryRetrieveInformationModel, Native)
            .Accept(DicomUids.GETStudyRootQueryRetrieveInformationModel, Native)
            .Accept(DicomUids.CTImageStorage, Native)
            .AllowRequestorAsScp(DicomUids.CTImageStorage);
        if (acceptFind)
        {
            policy.Accept(DicomUids.FINDStudyRootQueryRetrieveInformationModel, Native);
        }

        var server = new DicomServer(new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, policy, new DicomServiceHandlers { Find = handlers, Move = handlers, Get = handlers });
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private Task<(int ExitCode, string Output, TestQueryRetrieveHandlers Handlers)> InterruptAsync(bool peerIgnoresCancel, params string[] args) =>
        InterruptAsync(peerIgnoresCancel, acceptFind: true, args);

    private async Task<(int ExitCode, string Output, TestQueryRetrieveHandlers Handlers)> InterruptAsync(bool peerIgnoresCancel, bool acceptFind, params string[] args)
    {
        var handlers = new TestQueryRetrieveHandlers(_instances) { StallAfter = 1, IgnoreCancel = peerIgnoresCancel };
        await using var server = await StartPeerAsync(handlers, acceptFind);
        var port = ((IPEndPoint)server.EndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        await using var dcg = DcgServer.Start([.. args, "-p", port, "--timeout", peerIgnoresCancel ? "1" : "10"]);

        await handlers.Stalled.Task.WaitAsync(Timeout);
        await dcg.InterruptAsync();
        var exitCode = await dcg.WaitForExitAsync(Timeout);
        return (exitCode, dcg.Output, handlers);
    }

    [Fact]
    public async Task Ctrl_C_during_find_cancels_it_at_the_peer_prints_the_final_status_and_exits_130()
    {
        var (exitCode, output, handlers) = await InterruptAsync(false, "find", "-L", "IMAGE", "-k", "SOPInstanceUID");

        Assert.True(exitCode == 130, output);
        Assert.Contains("# Match 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("# Match 2", output, StringComparison.Ordinal);
        Assert.Contains("1 matches, final status FE00 (Cancel)", output, StringComparison.Ordinal);
        Assert.True(await handlers.Cancelled.Task);
    }

    [Fact]
    public async Task Ctrl_C_during_move_prints_the_peers_final_counts_and_exits_130()
    {
        var (exitCode, output, handlers) = await InterruptAsync(false, "move", "-d", "KNOWN", "-k", "StudyInstanceUID");

        Assert.True(exitCode == 130, output);
        Assert.Contains("final FE00 (Cancel): 1 completed, 0 failed, 0 warnings, 2 remaining", output, StringComparison.Ordinal);
        Assert.True(await handlers.Cancelled.Task);
    }

    [Fact]
    public async Task Ctrl_C_during_get_keeps_what_arrived_prints_the_final_counts_and_exits_130()
    {
        // The peer takes no C-FIND, so dcg get proposes the storage catalogue and the stall comes in the C-GET itself.
        var folder = _dir.Combine("got");
        var (exitCode, output, handlers) = await InterruptAsync(false, acceptFind: false, "get", "-o", folder, "-k", "StudyInstanceUID");

        Assert.True(exitCode == 130, output);
        Assert.Contains("final FE00 (Cancel): 1 completed, 0 failed, 0 warnings, 2 remaining", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(folder, "*.dcm"));
        Assert.True(await handlers.Cancelled.Task);
    }

    [Fact]
    public async Task Ctrl_C_during_the_query_that_finds_the_classes_of_a_get_cancels_it_and_exits_130()
    {
        var folder = _dir.Combine("got");
        var (exitCode, output, handlers) = await InterruptAsync(false, "get", "-o", folder, "-k", "StudyInstanceUID");

        Assert.True(exitCode == 130, output);
        Assert.True(await handlers.Cancelled.Task);
        Assert.Empty(Directory.GetFiles(folder, "*.dcm"));
    }

    [Fact]
    public async Task Ctrl_C_with_a_peer_that_ignores_the_C_CANCEL_aborts_after_the_timeout_and_exits_130()
    {
        var (exitCode, output, _) = await InterruptAsync(true, "find", "-L", "IMAGE", "-k", "SOPInstanceUID");

        Assert.True(exitCode == 130, output);
        Assert.Contains("dcg find: cancelled: The peer did not end message", output, StringComparison.Ordinal);
    }
}
