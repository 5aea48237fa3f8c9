using System.Net;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// Our library's server as the PACS (it stores into a folder): one that reports its commitment on
/// the gateway's association (the other way Orthanc does not take), and one that never reports.
/// </summary>
public sealed class PacsCommitmentReportTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-pacs-commitment-report");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_report_on_the_same_association_commits_and_no_report_within_the_timeout_fails(bool reports)
    {
        var keys = TestKeyring.Create(_dir.Path);
        var held = Directory.CreateDirectory(_dir.Combine("pacs")).FullName;
        IStorageCommitmentHandler commitment = reports ? new FolderCommitmentHandler(held) : new SilentCommitmentHandler();
        DicomTransferSyntax[] native = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
        await using var pacs = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) },
            new AssociationPolicy { CalledAeTitles = { "LIBPACS" } }
                .AcceptStorage(StorageAcceptance.Standard)
                .Accept(DicomUids.VerificationSOPClass, native)
                .Accept(DicomUids.StorageCommitmentPushModelSOPClass, native),
            new DicomServiceHandlers { Store = new DirectoryStoreHandler(held), StorageCommitment = commitment });
        await pacs.StartAsync(CancellationToken.None);
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, ((IPEndPoint)pacs.EndPoint!).Port, pacsAeTitle: "LIBPACS");
        config["Gateway"]!["Forward"]!["CommitmentTimeout"] = "00:00:06";
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        var references = await CommitmentScu.StoreForwardedAsync(gateway.DicomPort, logDirectory, _dir.Combine("in"), 2, () => gateway.Output);

        var report = await CommitmentScu.RequestAsync(gateway.DicomPort, references);

        Assert.Equal(reports ? references.Count : 0, report.Committed.Count);
        Assert.Equal(reports ? 0 : references.Count, report.Failed.Count);
        Assert.All(report.Failed, f => Assert.Equal(0x0110, f.FailureReason));
        var outcomes = Audit.Read(logDirectory).Where(a => a.Get("event") == "pacs-commitment").Select(a => a.Get("outcome")).ToList();
        Assert.Equal(references.Count, outcomes.Count(o => o == (reports ? "committed" : "failed")));
        var log = CommitmentScu.Log(logDirectory);
        Assert.True(log.HasEvent(reports ? 6452 : 6454), gateway.Output);
        Assert.True(!reports || log.Contains("\"Where\":\"on the same association\"", StringComparison.Ordinal), log);
    }

    /// <summary>A PACS that accepts the N-ACTION and never reports.</summary>
    private sealed class SilentCommitmentHandler : IStorageCommitmentHandler
    {
        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
