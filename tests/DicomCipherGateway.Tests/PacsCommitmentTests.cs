using System.Net;
using System.Text.Json;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// A modality's storage commitment with Orthanc as the PACS (Forward:PacsCommitment Auto, the
/// fixture's default): the gateway asks Orthanc for its own commitment, Orthanc reports on a new
/// association to the gateway, and only what Orthanc holds is reported committed to the modality.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PacsCommitmentTests(GatewayFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-pacs-commitment");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Commitment_waits_for_the_PACS_report_and_an_instance_the_PACS_no_longer_holds_is_reported_failed_with_its_reason()
    {
        var files = TestObjects.Create(_dir.Combine("in"), 3);
        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == 3, store.Text + fixture.Gateway.Output);
        var references = files.Select(CommitmentScu.Reference).ToList();
        await ConcurrentMoves.WaitForForwardedAsync(fixture.LogDirectory, [.. references.Select(r => r.SopInstanceUid)], () => fixture.Gateway.Output);

        // Forwarded (the PACS answered Success), then gone from the PACS: not committed any more.
        var deleted = references[1];
        await CommitmentScu.DeleteFromOrthancAsync(fixture.Orthanc, deleted.SopInstanceUid);

        var report = await CommitmentScu.RequestAsync(fixture.Gateway.DicomPort, references);

        Assert.Equal(references.Where(r => r != deleted).Select(r => r.SopInstanceUid).Order(), report.Committed.Select(r => r.SopInstanceUid).Order());
        var failed = Assert.Single(report.Failed);
        Assert.Equal(deleted, failed.Reference);
        Assert.True(failed.FailureReason == 0x0112, $"0x{failed.FailureReason:X4}: the PACS's own reason (no such object instance) was expected\n{fixture.Gateway.Output}");

        // The audit trail: the PACS was asked for every instance, its report came before the modality's.
        var audit = fixture.AuditRecords();
        var toPacs = audit.Where(r => r.Get("event") == "pacs-commitment" && references.Any(x => x.SopInstanceUid == r.Get("sopInstanceUid"))).ToList();
        Assert.All(references, r => Assert.Contains(toPacs, a => a.Get("outcome") == "requested" && a.Get("sopInstanceUid") == r.SopInstanceUid && a.Get("peer") == OrthancPeer.AeTitle));
        Assert.Contains(toPacs, a => a.Get("outcome") == "failed" && a.Get("sopInstanceUid") == deleted.SopInstanceUid && a.Get("status") == "0x0112");
        foreach (var reference in report.Committed)
        {
            var pacsCommitted = audit.First(a => a.Get("event") == "pacs-commitment" && a.Get("outcome") == "committed" && a.Get("sopInstanceUid") == reference.SopInstanceUid);
            var modalityCommitted = audit.First(a => a.Get("event") == "commitment" && a.Get("outcome") == "committed" && a.Get("sopInstanceUid") == reference.SopInstanceUid);
            Assert.True(Time(pacsCommitted) <= Time(modalityCommitted), "the modality's commitment was audited before the PACS's");
        }

        Assert.Contains(audit, a => a.Get("event") == "commitment" && a.Get("outcome") == "failed" && a.Get("sopInstanceUid") == deleted.SopInstanceUid && a.Get("status") == "0x0112");

        // Orthanc reported on its own association to the gateway's listener.
        Assert.Contains(audit, a => a.Get("event") == "association" && a.Get("outcome") == "accepted" && a.Get("callingAe") == OrthancPeer.AeTitle);
        Assert.Contains("\"Where\":\"on a new association\"", CommitmentScu.Log(fixture.LogDirectory), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_never_sent_is_reported_failed_and_the_PACS_is_asked_only_about_the_rest()
    {
        var files = TestObjects.Create(_dir.Combine("sent"), 1);
        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == 1, store.Text + fixture.Gateway.Output);
        var sent = CommitmentScu.Reference(files[0]);
        await ConcurrentMoves.WaitForForwardedAsync(fixture.LogDirectory, [sent.SopInstanceUid], () => fixture.Gateway.Output);
        var neverSent = sent with { SopInstanceUid = "1.2.826.0.1.3680043.2.1125.12.5.404" };

        var report = await CommitmentScu.RequestAsync(fixture.Gateway.DicomPort, [sent, neverSent]);

        Assert.Equal(sent, Assert.Single(report.Committed));
        Assert.Equal(new FailedSopReference(neverSent, 0x0112), Assert.Single(report.Failed));
        Assert.DoesNotContain(fixture.AuditRecords(), a => a.Get("event") == "pacs-commitment" && a.Get("sopInstanceUid") == neverSent.SopInstanceUid);
    }

    private static DateTimeOffset Time(JsonElement record) => DateTimeOffset.Parse(record.Get("time")!, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Forward:PacsCommitment against a PACS that offers no storage commitment (dcmqrscp), and Never against Orthanc; each with its own gateway.</summary>
public sealed class PacsCommitmentModeTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-pacs-commitment-mode");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Auto", true)]
    [InlineData("Always", false)]
    public async Task A_PACS_without_storage_commitment_counts_its_CSTORE_Success_in_Auto_and_nothing_in_Always(string mode, bool committed)
    {
        var keys = TestKeyring.Create(_dir.Path);
        await using var pacs = await DcmqrscpPeer.StartAsync(_dir.Combine("qr"));
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, pacs.Port, pacsAeTitle: pacs.AeTitle);
        config["Gateway"]!["Forward"]!["PacsCommitment"] = mode;
        config["Gateway"]!["Forward"]!["Associations"] = 1;
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        var files = TestObjects.Create(_dir.Combine("in"), 2);
        var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == 2, store.Text + gateway.Output + pacs.Output);
        var references = files.Select(CommitmentScu.Reference).ToList();
        await ConcurrentMoves.WaitForForwardedAsync(logDirectory, [.. references.Select(r => r.SopInstanceUid)], () => gateway.Output + pacs.Output);

        var report = await CommitmentScu.RequestAsync(gateway.DicomPort, references);

        Assert.Equal(committed ? references.Count : 0, report.Committed.Count);
        Assert.Equal(committed ? 0 : references.Count, report.Failed.Count);
        Assert.All(report.Failed, f => Assert.Equal(0x0110, f.FailureReason));
        var notOffered = Audit.Read(logDirectory).Where(a => a.Get("event") == "pacs-commitment" && a.Get("outcome") == "not-offered").ToList();
        Assert.True(notOffered.Count == references.Count, string.Join('\n', notOffered) + gateway.Output);
        Assert.True(CommitmentScu.Log(logDirectory).HasEvent(6453), "no event 6453 in the log\n" + gateway.Output);
    }

    [Fact]
    public async Task Never_counts_the_PACS_CSTORE_Success_without_asking_the_PACS()
    {
        var keys = TestKeyring.Create(_dir.Path);
        var gatewayPort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = (GatewayConfig.AeTitle, gatewayPort) });
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, orthanc.DicomPort, port: gatewayPort);
        config["Gateway"]!["Forward"]!["PacsCommitment"] = "Never";
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        var files = TestObjects.Create(_dir.Combine("in"), 2);
        var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == 2, store.Text + gateway.Output);
        var references = files.Select(CommitmentScu.Reference).ToList();
        await ConcurrentMoves.WaitForForwardedAsync(logDirectory, [.. references.Select(r => r.SopInstanceUid)], () => gateway.Output);

        // Today's behaviour: the PACS's C-STORE Success is all that counts, even for an instance it has lost since.
        await CommitmentScu.DeleteFromOrthancAsync(orthanc, references[0].SopInstanceUid);
        var report = await CommitmentScu.RequestAsync(gateway.DicomPort, references);

        Assert.Equal(references.Select(r => r.SopInstanceUid).Order(), report.Committed.Select(r => r.SopInstanceUid).Order());
        Assert.Empty(report.Failed);
        Assert.DoesNotContain(Audit.Read(logDirectory), a => a.Get("event") == "pacs-commitment");
    }
}

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
        var files = TestObjects.Create(_dir.Combine("in"), 2);
        var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == 2, store.Text + gateway.Output);
        var references = files.Select(CommitmentScu.Reference).ToList();
        await ConcurrentMoves.WaitForForwardedAsync(logDirectory, [.. references.Select(r => r.SopInstanceUid)], () => gateway.Output);

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

/// <summary>Our library's storage commitment SCU as the modality CT1 (DCMTK 3.6.7 has no such tool); the report is awaited on the same association.</summary>
internal static class CommitmentScu
{
    public static SopReference Reference(string path)
    {
        var dataset = DicomFile.Open(path).Dataset;
        return new SopReference(dataset.GetString(DicomTags.SOPClassUID)!.Trim(), dataset.GetString(DicomTags.SOPInstanceUID)!.Trim());
    }

    public static async Task<StorageCommitmentResult> RequestAsync(int gatewayPort, IReadOnlyList<SopReference> references)
    {
        await using var association = await GatewayClient.AssociateAsync(gatewayPort, GatewayConfig.Modality, DicomUids.StorageCommitmentPushModelSOPClass);
        var ticket = await association.RequestStorageCommitmentAsync(references, CancellationToken.None);
        Assert.Equal(DicomStatus.Success, ticket.Status);
        var report = await association.WaitForStorageCommitmentAsync(ticket.TransactionUid, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(ticket.TransactionUid, report.TransactionUid);
        await association.ReleaseAsync(CancellationToken.None);
        return report;
    }

    /// <summary>The gateway's compact-JSON log, all of it.</summary>
    public static string Log(string logDirectory) => string.Concat(Directory.GetFiles(logDirectory, "gateway-*.json").Select(file =>
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }));

    public static bool HasEvent(this string log, int id) => log.Contains($"\"Id\":{id},", StringComparison.Ordinal);

    public static async Task DeleteFromOrthancAsync(OrthancPeer orthanc, string sopInstanceUid)
    {
        using var http = orthanc.Http();
        using var lookup = await http.PostAsync("tools/lookup", new StringContent(sopInstanceUid));
        lookup.EnsureSuccessStatusCode();
        using var found = JsonDocument.Parse(await lookup.Content.ReadAsStringAsync());
        var id = found.RootElement.EnumerateArray().Single(e => e.GetProperty("Type").GetString() == "Instance").GetProperty("ID").GetString();
        (await http.DeleteAsync($"instances/{id}")).EnsureSuccessStatusCode();
    }
}
