using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Tests.Network.Dimse;
using DicomCipherGateway.Dicom.Tests.Network.Interop;
using DicomCipherGateway.Dicom.Tests.Network.Pdu;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>
/// Peers that break the protocol: each ends its own association cleanly (A-ABORT and/or
/// close), the server keeps serving others, and nothing partial reaches the application.
/// </summary>
public class BadPeerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_silent_peer_is_closed_when_ARTIM_expires()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        var started = DateTime.UtcNow;
        Assert.Empty(await peer.ReadUntilClosedAsync(Wait));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(400), "closed before ARTIM (500 ms)");
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task Data_before_association_is_aborted()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        await peer.SendAsync(PeerBytes.EchoRq());
        var seen = await peer.ReadUntilClosedAsync(Wait);
        Assert.IsType<AbortPdu>(Assert.Single(seen));
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task A_four_gigabyte_pdu_is_aborted_without_waiting_for_its_body()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        await peer.SendAsync(PeerBytes.AssociateRq());
        Assert.IsType<AssociateAcPdu>(await peer.ReadAsync(Wait));
        await peer.SendAsync(Bytes.Hex("04 00 FFFFFFFF 00000010"));
        var seen = await peer.ReadUntilClosedAsync(Wait);
        var abort = Assert.IsType<AbortPdu>(Assert.Single(seen));
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task A_second_associate_request_is_aborted()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        await peer.SendAsync(Bytes.Concat(PeerBytes.AssociateRq(), PeerBytes.AssociateRq()));
        var seen = await peer.ReadUntilClosedAsync(Wait);
        Assert.Equal([PduType.AssociateAc, PduType.Abort], seen.Select(p => p.Type));
        Assert.Equal(AbortReason.UnexpectedPdu, ((AbortPdu)seen[1]).Reason);
    }

    [Fact]
    public async Task A_truncated_pdu_then_close_ends_that_association_only()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        var rq = PeerBytes.AssociateRq();
        await peer.SendAsync(rq[..(rq.Length / 2)]);
        await peer.CloseOutputAsync();
        Assert.Empty(await peer.ReadUntilClosedAsync(Wait));
        await AssociationTests.WaitUntil(() => fixture.Server.ActiveConnections == 0);
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task Echo_answers_arrive_for_a_raw_but_valid_session()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        await peer.SendAsync(PeerBytes.ValidEchoSession());
        var seen = await peer.ReadUntilClosedAsync(Wait);
        Assert.Equal([PduType.AssociateAc, PduType.PDataTf, PduType.ReleaseRp], seen.Select(p => p.Type));
    }

    [Fact]
    public async Task An_abort_in_the_middle_of_a_data_set_hands_nothing_to_the_application()
    {
        var transport = new InMemoryTransport();
        using var dir = new TempDirectory("dcg-net-abort");
        var handler = new DirectoryStoreHandler(dir.Path);
        await using var server = await DimseServiceTests.StartServerAsync(transport, new DicomServiceHandlers { Store = handler });
        var port = ((System.Net.DnsEndPoint)server.EndPoint!).Port;
        await using var peer = await RawPeer.ConnectAsync(transport, port);
        await peer.SendAsync(PeerBytes.AssociateRq());
        Assert.IsType<AssociateAcPdu>(await peer.ReadAsync(Wait));

        var store = StoreCommand(3, "1.2.3.4.5.6.7");
        await peer.SendAsync(Bytes.Concat(PeerBytes.PData(3, 0x03, store), PeerBytes.PData(3, 0x00, new byte[1000]), PeerBytes.Abort()));
        Assert.Empty(await peer.ReadUntilClosedAsync(Wait));

        await AssociationTests.WaitUntil(() => server.ActiveConnections == 0);
        await AssociationTests.WaitUntil(() => Directory.GetFiles(dir.Path).Length == 0);
        Assert.Empty(handler.Files);
    }

    private static byte[] StoreCommand(ushort id, string instance)
    {
        var command = DimseCommand.Request(DimseCommandField.CStoreRq, id, "1.2.840.10008.5.1.4.1.1.2", hasDataSet: true);
        command.Elements.SetString(DicomCipherGateway.Dicom.Dictionary.DicomTags.AffectedSOPInstanceUID, DicomCipherGateway.Dicom.Model.DicomVR.UI, instance);
        command.Elements.SetValues(DicomCipherGateway.Dicom.Dictionary.DicomTags.Priority, DicomCipherGateway.Dicom.Model.DicomVR.US, (ushort)0);
        return command.Encode();
    }
}
