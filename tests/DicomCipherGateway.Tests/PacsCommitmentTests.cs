using System.Text.Json;
using DicomCipherGateway.Dicom.Network.Dimse;
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
        var references = await CommitmentScu.StoreForwardedAsync(fixture.Gateway.DicomPort, fixture.LogDirectory, _dir.Combine("in"), 3, () => fixture.Gateway.Output);

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
        var sent = Assert.Single(await CommitmentScu.StoreForwardedAsync(fixture.Gateway.DicomPort, fixture.LogDirectory, _dir.Combine("sent"), 1, () => fixture.Gateway.Output));
        var neverSent = sent with { SopInstanceUid = "1.2.826.0.1.3680043.2.1125.12.5.404" };

        var report = await CommitmentScu.RequestAsync(fixture.Gateway.DicomPort, [sent, neverSent]);

        Assert.Equal(sent, Assert.Single(report.Committed));
        Assert.Equal(new FailedSopReference(neverSent, 0x0112), Assert.Single(report.Failed));
        Assert.DoesNotContain(fixture.AuditRecords(), a => a.Get("event") == "pacs-commitment" && a.Get("sopInstanceUid") == neverSent.SopInstanceUid);
    }

    private static DateTimeOffset Time(JsonElement record) => DateTimeOffset.Parse(record.Get("time")!, System.Globalization.CultureInfo.InvariantCulture);
}
