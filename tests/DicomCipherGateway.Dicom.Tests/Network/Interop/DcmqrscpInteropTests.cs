using System.Globalization;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>Our SCU against DCMTK's dcmqrscp with its own database in a temp folder.</summary>
public class DcmqrscpInteropTests(QueryRetrieveFilesFixture files) : IClassFixture<QueryRetrieveFilesFixture>
{
    [Fact]
    public async Task Our_scu_stores_finds_moves_and_gets_with_dcmqrscp()
    {
        using var dir = new TempDirectory("dcg-dcmqrscp");
        var db = Directory.CreateDirectory(dir.Combine("db")).FullName;
        var moved = Directory.CreateDirectory(dir.Combine("moved")).FullName;
        var (receiver, store, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", moved);
        await using var _ = receiver;
        var port = FreePort.Next();
        var config = dir.File("dcmqrscp.cfg");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            NetworkTCPPort  = {port}
            MaxPDUSize      = 16384
            MaxAssociations = 16

            HostTable BEGIN
            ourscp = (OUR-SCP, 127.0.0.1, {ourPort})
            HostTable END

            VendorTable BEGIN
            VendorTable END

            AETable BEGIN
            QRSCP {db} RW (20, 64mb) ANY
            AETable END

            """));
        await using var peer = await ToolProcess.StartListeningAsync(DcmtkTools.Find("dcmqrscp")!, ["-c", config, port.ToString(CultureInfo.InvariantCulture)], port);
        var scenario = new QueryRetrieveScuScenario(files, "QRSCP", port, "OUR-SCP");

        await scenario.EchoAndStoreAsync();
        await scenario.FindAtEachLevelAsync();
        await scenario.MoveStudyToUsAsync(store);
        await scenario.GetSeriesAsync(Directory.CreateDirectory(dir.Combine("got")).FullName);
    }
}
