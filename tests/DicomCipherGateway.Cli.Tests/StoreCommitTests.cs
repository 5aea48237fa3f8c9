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

/// <summary><c>dcg store --commit</c> against Orthanc (report on a new association) and our SCP (report on the same association).</summary>
public sealed class StoreCommitTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DicomTransferSyntax[] Native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
    private readonly TempDirectory _dir = new("dcg-cli-commit");
    private string _inputs = string.Empty;
    private List<string> _uids = [];

    public async Task InitializeAsync()
    {
        _inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        for (var i = 0; i < 3; i++)
        {
            var path = await DicomTestData.CtSliceAsync(_inputs, $"ct{i}.dcm", 16 + i, 16);
            _uids.Add(DicomFile.Open(path).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' '));
        }
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>A commitment SCP that never reports.</summary>
    private sealed class SilentArchive : IStorageCommitmentHandler
    {
        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private async Task<DicomServer> StartArchiveAsync(ICStoreHandler store, IStorageCommitmentHandler commitment)
    {
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) },
            new AssociationPolicy().Accept(DicomUids.CTImageStorage, Native).Accept(DicomUids.StorageCommitmentPushModelSOPClass, Native),
            new DicomServiceHandlers { Store = store, StorageCommitment = commitment });
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    [Fact]
    public async Task Store_commit_to_Orthanc_gets_its_report_on_a_new_association_and_exits_0()
    {
        var commitPort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = ("DCG", commitPort) });

        var run = await DcgProcess.RunAsync(Timeout, "store", "-p", P(orthanc.DicomPort), "--aec", OrthancPeer.AeTitle, "--aet", "DCG", "--commit", "--commit-port", P(commitPort), "--commit-timeout", "20", _inputs);

        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr + orthanc.Output);
        Assert.Matches(@"Storage commitment [0-9.]+: 3 committed, 0 not committed", run.StdOut);
    }

    [Fact]
    public async Task Store_commit_exits_23_and_names_the_instance_the_peer_lost()
    {
        var received = Directory.CreateDirectory(_dir.Combine("received")).FullName;
        var lost = _uids[1];
        await using var archive = await StartArchiveAsync(new LosingStoreHandler(new DirectoryStoreHandler(received), lost), new FolderCommitmentHandler(received));

        var run = await DcgProcess.RunAsync(Timeout, "store", "-p", P(((IPEndPoint)archive.EndPoint!).Port), "--commit", "--commit-timeout", "20", _inputs);

        Assert.True(run.ExitCode == 23, run.StdOut + run.StdErr);
        Assert.Contains("Stored 3 of 3", run.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"Storage commitment [0-9.]+: 2 committed, 1 not committed", run.StdOut);
        Assert.Contains($"not committed {lost}: failure reason 0112", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_commit_without_a_report_in_time_exits_23()
    {
        await using var archive = await StartArchiveAsync(new DirectoryStoreHandler(Directory.CreateDirectory(_dir.Combine("silent")).FullName), new SilentArchive());

        var run = await DcgProcess.RunAsync(Timeout, "store", "-p", P(((IPEndPoint)archive.EndPoint!).Port), "--commit", "--commit-timeout", "1", _inputs);

        Assert.True(run.ExitCode == 23, run.StdOut + run.StdErr);
        Assert.Contains("no storage commitment report within 1 s", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commit_port_without_commit_or_out_of_range_is_a_usage_error()
    {
        var alone = await DcgProcess.RunAsync(Timeout, "store", "-p", "1", "--commit-port", "11112", _inputs);
        var outOfRange = await DcgProcess.RunAsync(Timeout, "store", "-p", "1", "--commit", "--commit-port", "70000", _inputs);

        Assert.Equal(1, alone.ExitCode);
        Assert.Contains("--commit-port goes with --commit", alone.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, outOfRange.ExitCode);
        Assert.Contains("--commit-port must be a TCP port", outOfRange.StdErr, StringComparison.Ordinal);
    }
}
