using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>Refusals by the running gateway: each with its DICOM answer and an audit record.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PolicyTests(GatewayFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-policy");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unknown_calling_AE_gets_A_ASSOCIATE_RJ_and_an_audit_record()
    {
        var files = TestObjects.Create(_dir.Path, 1);

        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, "STRANGER", files);

        Assert.Equal(0, store.Successes);
        Assert.Contains("Calling AE Title Not Recognized", store.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(fixture.AuditRecords(), r => r.Get("event") == "association" && r.Get("outcome") == "rejected" && r.Get("callingAe") == "STRANGER");
    }

    [Fact]
    public async Task A_workstation_that_stores_is_refused_not_authorized()
    {
        var files = TestObjects.Create(_dir.Path, 1);
        var sop = DicomFile.Open(files[0]).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0');

        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Workstation, files);

        Assert.Single(store.Statuses);
        Assert.NotEqual("Success", store.Statuses[0]);
        Assert.Contains(fixture.AuditRecords(), r => r.Get("event") == "refused" && r.Get("outcome") == "not-a-modality" && r.Get("sopInstanceUid") == sop && r.Get("status") == "0x0124");
    }

    [Fact]
    public async Task An_object_over_the_size_limit_is_refused_out_of_resources_and_leaves_nothing_in_the_spool()
    {
        var files = TestObjects.Create(_dir.Path, 1, size: 256);
        Assert.True(new FileInfo(files[0]).Length > GatewayFixture.MaxObjectBytes);
        var sop = DicomFile.Open(files[0]).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0');

        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, files);

        Assert.Single(store.Statuses);
        Assert.Contains("OutOfResources", store.Statuses[0].Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(fixture.AuditRecords(), r => r.Get("event") == "refused" && r.Get("outcome") == "too-large" && r.Get("sopInstanceUid") == sop);
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.SpoolPath, "received"), "*.partial"));
    }

    [Fact]
    public async Task The_same_instance_sent_twice_goes_to_the_PACS_once()
    {
        var files = TestObjects.Create(_dir.Path, 1);
        var sop = DicomFile.Open(files[0]).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0');

        var first = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, files);
        var second = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, files);

        Assert.Equal(1, first.Successes);
        Assert.Equal(1, second.Successes);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!fixture.AuditRecords().Any(r => r.Get("event") == "forwarded" && r.Get("sopInstanceUid") == sop) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await Task.Delay(1000);
        var audit = fixture.AuditRecords();
        Assert.Single(audit, r => r.Get("event") == "forwarded" && r.Get("sopInstanceUid") == sop);
        Assert.Contains(audit, r => r.Get("event") == "duplicate" && r.Get("outcome") == "success" && r.Get("sopInstanceUid") == sop);
    }
}
