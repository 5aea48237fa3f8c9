using System.Net;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>Our client against a scripted acceptor, for the release paths a real SCP rarely takes.</summary>
public class RawAcceptorTests
{
    private static byte[] Accept() => PduWriter.ToArray(new AssociateAcPdu(
        "TEST-SCP",
        "TEST-SCU",
        AssociationDefaults.ApplicationContextName,
        [new PresentationContextResultItem(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
        new UserInformationItem { MaximumLength = 16384, ImplementationClassUid = "1.2.3" }));

    private static async Task<(DicomClientAssociation Association, IDicomConnection Peer, IDicomConnectionListener Listener)> OpenAsync()
    {
        var transport = new InMemoryTransport();
        var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), CancellationToken.None);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)listener.EndPoint).Port, Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        var associating = client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        var peer = (await listener.AcceptAsync(CancellationToken.None))!;
        Assert.IsType<AssociateRqPdu>(await ReadAsync(peer));
        await peer.Transport.Output.WriteAsync(Accept());
        return (await associating, peer, listener);
    }

    private static async Task<ProtocolDataUnit?> ReadAsync(IDicomConnection peer)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var result = await peer.Transport.Input.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            if (PduReader.TryReadPdu(ref buffer, PduLimits.Default, out var pdu) && pdu is not PDataTfPdu)
            {
                peer.Transport.Input.AdvanceTo(buffer.Start);
                return pdu;
            }

            peer.Transport.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    [Fact]
    public async Task A_release_collision_completes_on_the_requestor_side()
    {
        var (association, peer, listener) = await OpenAsync();
        await using var _ = listener;
        var releasing = association.ReleaseAsync(CancellationToken.None);
        Assert.IsType<ReleaseRqPdu>(await ReadAsync(peer));

        // The acceptor asked too (Sta10 on its side): the requestor answers first (AR-9), then gets its RP (AR-3).
        await peer.Transport.Output.WriteAsync(PduWriter.ToArray(ReleaseRqPdu.Instance));
        Assert.IsType<ReleaseRpPdu>(await ReadAsync(peer));
        await peer.Transport.Output.WriteAsync(PduWriter.ToArray(ReleaseRpPdu.Instance));
        await releasing.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(association.IsOpen);
        Assert.Null(await ReadAsync(peer));
        await association.DisposeAsync();
        await peer.DisposeAsync();
    }

    [Fact]
    public async Task A_release_asked_by_the_acceptor_is_answered_by_the_client()
    {
        var (association, peer, listener) = await OpenAsync();
        await using var _ = listener;
        await peer.Transport.Output.WriteAsync(PduWriter.ToArray(ReleaseRqPdu.Instance));
        Assert.IsType<ReleaseRpPdu>(await ReadAsync(peer));
        await peer.DisposeAsync();
        await AssociationTests.WaitUntil(() => !association.IsOpen);
        await association.DisposeAsync();
    }

    [Fact]
    public async Task An_abort_from_the_acceptor_fails_the_waiting_request_with_its_reason()
    {
        var (association, peer, listener) = await OpenAsync();
        await using var _ = listener;
        var echo = association.EchoAsync(CancellationToken.None);
        await peer.Transport.Output.WriteAsync(Pdu.Bytes.Hex("07 00 00000004 00 00 02 05"));
        var error = await Assert.ThrowsAsync<AssociationAbortedException>(() => echo);
        Assert.Equal(AbortSource.ServiceProvider, error.AbortSource);
        Assert.Equal(AbortReason.UnexpectedPduParameter, error.AbortReason);
        await association.DisposeAsync();
        await peer.DisposeAsync();
    }

    [Fact]
    public async Task Data_on_a_context_that_was_not_accepted_is_aborted()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        await peer.SendAsync(PeerBytes.AssociateRq());
        Assert.IsType<AssociateAcPdu>(await peer.ReadAsync(TimeSpan.FromSeconds(5)));
        await peer.SendAsync(PeerBytes.PData(5, 0x03, EchoCommands.Request(1)));
        var abort = Assert.IsType<AbortPdu>(Assert.Single(await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(5))));
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
    }
}
