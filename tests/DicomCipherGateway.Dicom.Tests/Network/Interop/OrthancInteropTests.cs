using System.Net;
using System.Text.Json;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Tests.Network.Association;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>Our SCU against Orthanc, configured in a temp folder (no plugins, loopback only, our AE as a known modality).</summary>
public class OrthancInteropTests(QueryRetrieveFilesFixture files) : IClassFixture<QueryRetrieveFilesFixture>
{
    private const string OrthancPath = "/usr/sbin/Orthanc";

    private sealed class ReportInbox : IStorageCommitmentReportHandler
    {
        public TaskCompletionSource<StorageCommitmentResult> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken)
        {
            Received.TrySetResult(report);
            return ValueTask.FromResult(DicomStatus.Success);
        }
    }

    private static async Task<(ToolProcess Peer, int Port)> StartOrthancAsync(TempDirectory dir, int ourPort)
    {
        Assert.True(File.Exists(OrthancPath), "Orthanc is not installed; run scripts/setup.");
        var dicomPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var config = new Dictionary<string, object>
        {
            ["Name"] = "DCG-TEST",
            ["StorageDirectory"] = Directory.CreateDirectory(dir.Combine("storage")).FullName,
            ["IndexDirectory"] = Directory.CreateDirectory(dir.Combine("index")).FullName,
            ["DicomAet"] = "ORTHANC",
            ["DicomPort"] = dicomPort,
            ["HttpPort"] = httpPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = Array.Empty<string>(),
            ["DicomCheckCalledAet"] = true,
            ["StorageCompression"] = false,
            ["DicomModalities"] = new Dictionary<string, object> { ["ours"] = new object[] { "OUR-SCP", "127.0.0.1", ourPort } },
        };
        var configPath = dir.File("orthanc.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config));
        return (await ToolProcess.StartListeningAsync(OrthancPath, [configPath], dicomPort, dir.Path), dicomPort);
    }

    [Fact]
    public async Task Our_scu_echoes_stores_finds_moves_and_gets_with_orthanc()
    {
        using var dir = new TempDirectory("dcg-orthanc");
        var moved = Directory.CreateDirectory(dir.Combine("moved")).FullName;
        var (receiver, store, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", moved);
        await using var _ = receiver;
        var (peer, dicomPort) = await StartOrthancAsync(dir, ourPort);
        await using var __ = peer;
        var scenario = new QueryRetrieveScuScenario(files, "ORTHANC", dicomPort, "OUR-SCP");

        await scenario.EchoAndStoreAsync();
        await scenario.FindAtEachLevelAsync();
        await scenario.MoveStudyToUsAsync(store);
        await scenario.GetSeriesAsync(Directory.CreateDirectory(dir.Combine("got")).FullName);
    }

    [Fact]
    public async Task Orthanc_answers_our_storage_commitment_request_with_a_report()
    {
        using var dir = new TempDirectory("dcg-orthanc-stgcmt");
        var inbox = new ReportInbox();
        DicomTransferSyntax[] native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(10) } },
            new AssociationPolicy { CalledAeTitles = { "OUR-SCP" } }
                .Accept(DicomUids.VerificationSOPClass, native)
                .Accept(DicomUids.StorageCommitmentPushModelSOPClass, native)
                .AllowRequestorAsScp(DicomUids.StorageCommitmentPushModelSOPClass),
            new DicomServiceHandlers { StorageCommitmentReport = inbox });
        await server.StartAsync(CancellationToken.None);
        await using var _ = server;
        var (peer, dicomPort) = await StartOrthancAsync(dir, ((IPEndPoint)server.EndPoint!).Port);
        await using var __ = peer;
        await new QueryRetrieveScuScenario(files, "ORTHANC", dicomPort, "OUR-SCP").EchoAndStoreAsync();

        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = dicomPort, Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(10), Dimse = TimeSpan.FromSeconds(30) } });
        await using var association = await client.AssociateAsync(
            new AssociationRequest
            {
                CalledAeTitle = "ORTHANC",
                CallingAeTitle = "OUR-SCP",
                PresentationContexts = [new PresentationContextProposal(DicomUids.StorageCommitmentPushModelSOPClass, native)],
            },
            CancellationToken.None);
        var stored = files.SopInstanceUids.Select(uid => new SopReference(DicomUids.CTImageStorage.Value, uid)).ToList();
        var unknown = new SopReference(DicomUids.CTImageStorage.Value, "1.2.826.0.1.3680043.2.1125.99.1");
        var ticket = await association.RequestStorageCommitmentAsync([.. stored, unknown], CancellationToken.None);
        Assert.Equal(DicomStatus.Success, ticket.Status);

        // Orthanc may answer on this association or on a new one to our AE: accept either.
        var sameAssociation = association.WaitForStorageCommitmentAsync(ticket.TransactionUid, CancellationToken.None);
        var first = await Task.WhenAny(sameAssociation, inbox.Received.Task).WaitAsync(TimeSpan.FromSeconds(30));
        var report = await first;
        Assert.Equal(ticket.TransactionUid, report.TransactionUid);
        Assert.Equal(stored.Select(r => r.SopInstanceUid).Order(), report.Committed.Select(r => r.SopInstanceUid).Order());
        Assert.Equal(unknown, Assert.Single(report.Failed).Reference);
    }
}
