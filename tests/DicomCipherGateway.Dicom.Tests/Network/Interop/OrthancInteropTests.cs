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
    private sealed class ReportInbox : IStorageCommitmentReportHandler
    {
        public TaskCompletionSource<StorageCommitmentResult> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken)
        {
            Received.TrySetResult(report);
            return ValueTask.FromResult(DicomStatus.Success);
        }
    }

    private static Task<OrthancPeer> StartOrthancAsync(TempDirectory dir, int ourPort) =>
        OrthancPeer.StartAsync(dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["ours"] = ("OUR-SCP", ourPort) });

    [Fact]
    public async Task Our_scu_echoes_stores_finds_moves_and_gets_with_orthanc()
    {
        using var dir = new TempDirectory("dcg-orthanc");
        var moved = Directory.CreateDirectory(dir.Combine("moved")).FullName;
        var (receiver, store, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", moved);
        await using var _ = receiver;
        await using var peer = await StartOrthancAsync(dir, ourPort);
        var dicomPort = peer.DicomPort;
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
        await using var peer = await StartOrthancAsync(dir, ((IPEndPoint)server.EndPoint!).Port);
        var dicomPort = peer.DicomPort;
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

    [Fact]
    public async Task Orthanc_as_storage_commitment_SCU_stores_to_our_server_and_records_our_report_including_a_lost_instance()
    {
        using var dir = new TempDirectory("dcg-orthanc-stgcmt-scu");
        var received = Directory.CreateDirectory(dir.Combine("received")).FullName;
        var uids = files.SopInstanceUids;
        var lost = uids[2];
        var orthancPort = 0;
        DicomTransferSyntax[] native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(10), Dimse = TimeSpan.FromSeconds(30) } },
            new AssociationPolicy { CalledAeTitles = { "OUR-SCP" } }
                .Accept(DicomUids.VerificationSOPClass, native)
                .Accept(DicomUids.CTImageStorage, native)
                .Accept(DicomUids.StorageCommitmentPushModelSOPClass, native),
            new DicomServiceHandlers
            {
                Store = new LosingStoreHandler(new DirectoryStoreHandler(received), lost),
                StorageCommitment = new FolderCommitmentHandler(received),
                ResolveAeTitle = ae => ae == "ORTHANC" ? new DicomClientOptions { Host = "127.0.0.1", Port = Volatile.Read(ref orthancPort), Timeouts = ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(10) } } : null,
            });
        await server.StartAsync(CancellationToken.None);
        await using var _ = server;
        await using var peer = await StartOrthancAsync(dir, ((IPEndPoint)server.EndPoint!).Port);
        var dicomPort = peer.DicomPort;
        Volatile.Write(ref orthancPort, dicomPort);
        await new QueryRetrieveScuScenario(files, "ORTHANC", dicomPort, "OUR-SCP").EchoAndStoreAsync();
        using var http = peer.Http();
        var instances = JsonSerializer.Deserialize<string[]>(await http.GetStringAsync("instances"))!;

        // Orthanc C-STOREs the instances to us, then sends N-ACTION; our report comes back to it on a new association.
        using var store = await http.PostAsync("modalities/ours/store", new StringContent(JsonSerializer.Serialize(new { Resources = instances, StorageCommitment = true, Synchronous = true })));
        var job = await store.Content.ReadAsStringAsync();
        Assert.True(store.IsSuccessStatusCode, job + peer.Output);
        var transactionUid = JsonDocument.Parse(job).RootElement.GetProperty("StorageCommitmentTransactionUID").GetString()!;

        JsonElement report;
        var until = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(100);
            report = JsonDocument.Parse(await http.GetStringAsync($"storage-commitment/{transactionUid}")).RootElement;
        }
        while (report.GetProperty("Status").GetString() == "Pending" && DateTime.UtcNow < until);

        Assert.True(report.GetProperty("Status").GetString() == "Failure", report.ToString() + peer.Output);
        Assert.Equal(uids.Where(u => u != lost).Order(), report.GetProperty("Success").EnumerateArray().Select(e => e.GetProperty("SOPInstanceUID").GetString()!).Order());
        var failure = Assert.Single(report.GetProperty("Failures").EnumerateArray());
        Assert.Equal(lost, failure.GetProperty("SOPInstanceUID").GetString());
        Assert.Equal(FolderCommitmentHandler.NoSuchObjectInstance, failure.GetProperty("FailureReason").GetInt32());
        Assert.Equal(uids.Order(), Directory.GetFiles(received, "*.dcm").Select(Path.GetFileNameWithoutExtension).Append(lost).Order());
    }

    [Fact]
    public async Task Cancelling_a_move_from_orthanc_ends_with_its_Cancel_response_and_counts()
    {
        using var dir = new TempDirectory("dcg-orthanc-cancel");
        GatedStoreHandler? gate = null;
        var (receiver, _, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", Directory.CreateDirectory(dir.Combine("moved")).FullName, store => gate = new GatedStoreHandler(store, passFirst: 1));
        await using var _ = receiver;
        await using var peer = await StartOrthancAsync(dir, ourPort);
        var scenario = new QueryRetrieveScuScenario(files, OrthancPeer.AeTitle, peer.DicomPort, "OUR-SCP");
        await scenario.EchoAndStoreAsync();

        var responses = await scenario.CancelMoveDuringSecondSubOperationAsync(gate!);

        var final = responses[^1];
        // Orthanc confirms with FE00; how far it got differs from dcmqrscp (see docs/networking.md), so only the totals are pinned.
        Assert.True(final.Status == DicomStatus.Cancel, $"final {final}\n{peer.Output}");
        Assert.Equal(3, final.Completed + final.Failed + final.Warning + (final.Remaining ?? 0));
        Assert.InRange(final.Completed, 1, 3);
    }

    [Fact]
    public async Task Cancelling_a_get_from_orthanc_ends_with_its_Cancel_response_and_counts()
    {
        using var dir = new TempDirectory("dcg-orthanc-cancel");
        await using var peer = await StartOrthancAsync(dir, FreePort.Next());
        var scenario = new QueryRetrieveScuScenario(files, OrthancPeer.AeTitle, peer.DicomPort, "OUR-SCP");
        await scenario.EchoAndStoreAsync();
        var gate = new GatedStoreHandler(new DirectoryStoreHandler(Directory.CreateDirectory(dir.Combine("got")).FullName), passFirst: 1);

        var responses = await scenario.CancelGetDuringSecondSubOperationAsync(gate);

        var final = responses[^1];
        // Orthanc confirms with FE00; how far it got differs from dcmqrscp (see docs/networking.md), so only the totals are pinned.
        Assert.True(final.Status == DicomStatus.Cancel, $"final {final}\n{peer.Output}");
        Assert.Equal(3, final.Completed + final.Failed + final.Warning + (final.Remaining ?? 0));
        Assert.InRange(final.Completed, 1, 3);
    }
}
