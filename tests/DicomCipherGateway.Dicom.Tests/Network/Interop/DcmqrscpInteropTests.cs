using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>Our SCU against DCMTK's dcmqrscp with its own database in a temp folder.</summary>
public class DcmqrscpInteropTests(QueryRetrieveFilesFixture files) : IClassFixture<QueryRetrieveFilesFixture>
{
    [Fact]
    public async Task Our_scu_stores_finds_moves_and_gets_with_dcmqrscp()
    {
        using var dir = new TempDirectory("dcg-dcmqrscp");
        var moved = Directory.CreateDirectory(dir.Combine("moved")).FullName;
        var (receiver, store, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", moved);
        await using var _ = receiver;
        await using var peer = await DcmqrscpPeer.StartAsync(dir.Combine("qr"), new Dictionary<string, int> { ["OUR-SCP"] = ourPort });
        var scenario = new QueryRetrieveScuScenario(files, peer.AeTitle, peer.Port, "OUR-SCP");

        await scenario.EchoAndStoreAsync();
        await scenario.FindAtEachLevelAsync();
        await scenario.MoveStudyToUsAsync(store);
        await scenario.GetSeriesAsync(Directory.CreateDirectory(dir.Combine("got")).FullName);
    }

    [Fact]
    public async Task Cancelling_a_move_from_dcmqrscp_ends_with_its_Cancel_response_and_counts()
    {
        using var dir = new TempDirectory("dcg-dcmqrscp-cancel");
        GatedStoreHandler? gate = null;
        var (receiver, _, ourPort) = await QueryRetrieveScuScenario.StartReceiverAsync("OUR-SCP", Directory.CreateDirectory(dir.Combine("moved")).FullName, store => gate = new GatedStoreHandler(store, passFirst: 1));
        await using var _ = receiver;
        await using var peer = await DcmqrscpPeer.StartAsync(dir.Combine("qr"), new Dictionary<string, int> { ["OUR-SCP"] = ourPort });
        var scenario = new QueryRetrieveScuScenario(files, peer.AeTitle, peer.Port, "OUR-SCP");
        await scenario.EchoAndStoreAsync();

        var responses = await scenario.CancelMoveDuringSecondSubOperationAsync(gate!);

        var final = responses[^1];
        Assert.True(final.Status == DicomStatus.Cancel, $"final {final}\n{peer.Output}");
        Assert.Equal((2, 0, 0, 1), (final.Completed, final.Failed, final.Warning, final.Remaining));
    }

    [Fact]
    public async Task Cancelling_a_get_from_dcmqrscp_ends_with_its_Cancel_response_and_counts()
    {
        using var dir = new TempDirectory("dcg-dcmqrscp-cancel");
        await using var peer = await DcmqrscpPeer.StartAsync(dir.Combine("qr"));
        var scenario = new QueryRetrieveScuScenario(files, peer.AeTitle, peer.Port, "OUR-SCU");
        await scenario.EchoAndStoreAsync();
        var gate = new GatedStoreHandler(new DirectoryStoreHandler(Directory.CreateDirectory(dir.Combine("got")).FullName), passFirst: 1);

        var responses = await scenario.CancelGetDuringSecondSubOperationAsync(gate);

        var final = responses[^1];
        Assert.True(final.Status == DicomStatus.Cancel, $"final {final}\n{peer.Output}");
        Assert.Equal((2, 0, 0, 1), (final.Completed, final.Failed, final.Warning, final.Remaining));
    }
}
