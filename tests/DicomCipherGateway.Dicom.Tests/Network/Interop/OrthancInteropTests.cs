using System.Text.Json;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>Our SCU against Orthanc, configured in a temp folder (no plugins, loopback only, our AE as a known modality).</summary>
public class OrthancInteropTests(QueryRetrieveFilesFixture files) : IClassFixture<QueryRetrieveFilesFixture>
{
    private const string OrthancPath = "/usr/sbin/Orthanc";

    [Fact]
    public async Task Our_scu_echoes_stores_finds_moves_and_gets_with_orthanc()
    {
        Assert.True(File.Exists(OrthancPath), "Orthanc is not installed; run scripts/setup.");
        using var dir = new TempDirectory("dcg-orthanc");
        var moved = Directory.CreateDirectory(dir.Combine("moved")).FullName;
        var (receiver, store, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", moved);
        await using var _ = receiver;
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
        await using var peer = await ToolProcess.StartListeningAsync(OrthancPath, [configPath], dicomPort, dir.Path);
        var scenario = new QueryRetrieveScuScenario(files, "ORTHANC", dicomPort, "OUR-SCP");

        await scenario.EchoAndStoreAsync();
        await scenario.FindAtEachLevelAsync();
        await scenario.MoveStudyToUsAsync(store);
        await scenario.GetSeriesAsync(Directory.CreateDirectory(dir.Combine("got")).FullName);
    }
}
