using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// Both reports on new associations: Orthanc's to the gateway, and the gateway's to a modality that
/// released its association after the N-ACTION-RSP (it listens on its configured port).
/// </summary>
public sealed class PacsCommitmentNewAssociationTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-pacs-commitment-new");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_modality_that_released_its_association_gets_the_report_on_a_new_one_after_the_PACS_reported()
    {
        var keys = TestKeyring.Create(_dir.Path);
        var gatewayPort = FreePort.Next();
        DicomTransferSyntax[] native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
        var inbox = new CommitmentReportCollector();
        await using var modality = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) },
            new AssociationPolicy { CalledAeTitles = { GatewayConfig.Modality } }
                .Accept(DicomUids.StorageCommitmentPushModelSOPClass, native)
                .AllowRequestorAsScp(DicomUids.StorageCommitmentPushModelSOPClass),
            new DicomServiceHandlers { StorageCommitmentReport = inbox });
        await modality.StartAsync(CancellationToken.None);
        await using var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = (GatewayConfig.AeTitle, gatewayPort) });
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, orthanc.DicomPort, port: gatewayPort);
        config["Gateway"]!["Peers"]![0]!["Port"] = ((IPEndPoint)modality.EndPoint!).Port;
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        var references = await CommitmentScu.StoreForwardedAsync(gateway.DicomPort, logDirectory, _dir.Combine("in"), 2, () => gateway.Output);

        string transaction;
        await using (var association = await GatewayClient.AssociateAsync(gateway.DicomPort, GatewayConfig.Modality, DicomUids.StorageCommitmentPushModelSOPClass))
        {
            var ticket = await association.RequestStorageCommitmentAsync(references, CancellationToken.None);
            Assert.Equal(DicomStatus.Success, ticket.Status);
            transaction = ticket.TransactionUid;
            await association.ReleaseAsync(CancellationToken.None);
        }

        var report = await inbox.WaitAsync(transaction).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(references.Select(r => r.SopInstanceUid).Order(), report.Committed.Select(r => r.SopInstanceUid).Order());
        Assert.Empty(report.Failed);
        var log = CommitmentScu.Log(logDirectory);
        Assert.True(log.Contains("\"Where\":\"on a new association\"", StringComparison.Ordinal), log);
        Assert.All(references, r => Assert.Contains(Audit.Read(logDirectory), a => a.Get("event") == "pacs-commitment" && a.Get("outcome") == "committed" && a.Get("sopInstanceUid") == r.SopInstanceUid));
    }
}
