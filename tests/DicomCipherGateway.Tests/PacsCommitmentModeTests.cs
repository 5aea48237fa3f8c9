using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

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
        var references = await CommitmentScu.StoreForwardedAsync(gateway.DicomPort, logDirectory, _dir.Combine("in"), 2, () => gateway.Output + pacs.Output);

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
        var references = await CommitmentScu.StoreForwardedAsync(gateway.DicomPort, logDirectory, _dir.Combine("in"), 2, () => gateway.Output);

        // Today's behaviour: the PACS's C-STORE Success is all that counts, even for an instance it has lost since.
        await CommitmentScu.DeleteFromOrthancAsync(orthanc, references[0].SopInstanceUid);
        var report = await CommitmentScu.RequestAsync(gateway.DicomPort, references);

        Assert.Equal(references.Select(r => r.SopInstanceUid).Order(), report.Committed.Select(r => r.SopInstanceUid).Order());
        Assert.Empty(report.Failed);
        Assert.DoesNotContain(Audit.Read(logDirectory), a => a.Get("event") == "pacs-commitment");
    }
}
