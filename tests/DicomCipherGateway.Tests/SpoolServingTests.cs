using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// An instance still in the gateway's spool (the PACS refuses it: Orthanc's ReceivedInstanceFilter
/// fails on instance number 4, so its C-STORE fails and it never leaves the spool) is served from
/// the spool, unsealed in memory, together with the ones the PACS holds.
/// </summary>
public sealed class SpoolServingTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-spoolserve");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_move_serves_the_instance_the_pacs_does_not_have_yet_from_the_spool()
    {
        var keys = TestKeyring.Create(_dir.Path);
        var gatewayPort = FreePort.Next();
        var workstationPort = FreePort.Next();
        var filter = _dir.File("filter.lua");
        await File.WriteAllTextAsync(filter, "function ReceivedInstanceFilter(dicom, origin, info)\n  if dicom.InstanceNumber == '4' then\n    error('held back by the test')\n  end\n  return true\nend\n");
        await using var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = (GatewayConfig.AeTitle, gatewayPort) }, settings: new Dictionary<string, object> { ["LuaScripts"] = new[] { filter } });
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, orthanc.DicomPort, port: gatewayPort, workstationPort: workstationPort);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        string Diagnostics() => gateway.Output + orthanc.Output;

        var files = TestObjects.Create(_dir.Combine("in"), 4);
        var store = await Storescu.SendAsync(gatewayPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == 4, store.Text + Diagnostics());
        await OrthancContents.WaitForCountAsync(orthanc, 3, TimeSpan.FromMinutes(2), Diagnostics);
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        var held = DicomFile.Open(files[3]).Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim();
        Assert.DoesNotContain(Audit.Read(logDirectory), r => r.Get("event") == "forwarded" && r.Get("sopInstanceUid") == held);

        await using var destination = await RecordingDestination.StartAsync(GatewayConfig.Workstation, workstationPort);
        var study = DicomFile.Open(files[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!.Trim();
        CRetrieveResponse? final = null;
        await using (var association = await GatewayClient.AssociateAsync(gatewayPort, GatewayConfig.Workstation, GatewayClient.MoveModel))
        {
            await foreach (var response in association.MoveAsync(GatewayClient.MoveModel, GatewayConfig.Workstation, GatewayClient.Study(study)))
            {
                final = response;
            }
        }

        Assert.True(final is { Completed: 4, Failed: 0 } && final.Status == DicomStatus.Success, $"{final}\n{Diagnostics()}");
        var received = destination.Stored.ToDictionary(s => s.Request.SopInstanceUid, s => s.DataSet);
        foreach (var path in files)
        {
            var source = DicomFile.Open(path);
            var uid = source.Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim();
            Assert.True(received.ContainsKey(uid), $"{uid} not delivered\n{Diagnostics()}");
            Assert.Equal(File.ReadAllBytes(path)[(int)source.DatasetOffset..], received[uid]);
        }

        // Audited as served from the spool, with its key; still not in the PACS.
        Assert.Contains(Audit.Read(logDirectory), r => r.Get("event") == "decrypted" && r.Get("outcome") == "success" && r.Get("sopInstanceUid") == held && r.Get("calledAe") == "spool" && r.Get("keyId") == keys.KeyId);
        Assert.Equal(3, await OrthancContents.CountAsync(orthanc));
        Assert.DoesNotContain(Audit.Read(logDirectory), r => r.Get("event") == "forwarded" && r.Get("sopInstanceUid") == held);
        Assert.Contains("served from the gateway's spool", gateway.Output, StringComparison.Ordinal);
    }
}
