using System.Net;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Dicom.Tests.Network.Association;

namespace DicomCipherGateway.Dicom.Tests.Network.Dimse;

public class IsolationTests
{
    [Fact]
    public async Task A_stalled_store_on_one_association_does_not_block_another()
    {
        var transport = new InMemoryTransport();
        var gate = new TaskCompletionSource();
        var handler = new GatedStoreHandler(gate.Task);
        await using var server = await DimseServiceTests.StartServerAsync(transport, new DicomServiceHandlers { Store = handler });
        var port = ((DnsEndPoint)server.EndPoint!).Port;
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = port, Transport = transport, Timeouts = ServerFixture.FastTimeouts with { Dimse = TimeSpan.FromSeconds(10) } });

        await using var slow = await client.AssociateAsync(new DicomCipherGateway.Dicom.Network.Acse.AssociationRequest
        {
            CalledAeTitle = "TEST-SCP",
            CallingAeTitle = "SLOW",
            PresentationContexts = [new DicomCipherGateway.Dicom.Network.Acse.PresentationContextProposal(Dictionary.DicomUids.CTImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian])],
        }, CancellationToken.None);
        var stalled = slow.StoreAsync(new DicomFile(DimseServiceTests.CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), CancellationToken.None);

        await using (var fast = await client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None))
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(DicomStatus.Success, await fast.EchoAsync(CancellationToken.None));
            }
        }

        Assert.False(stalled.IsCompleted);
        gate.SetResult();
        Assert.Equal(DicomStatus.Success, await stalled);
    }

    [Fact]
    public async Task A_peer_that_stays_after_a_rejection_is_closed_by_ARTIM()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
        var rq = PeerBytes.AssociateRq();
        rq[10] = (byte)'X'; // called AE "XEST-SCP": not ours
        await peer.SendAsync(rq);
        var seen = await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));
        var rj = Assert.IsType<AssociateRjPdu>(Assert.Single(seen));
        Assert.Equal(RejectReasonCalledAe, rj.Reason);
    }

    [Fact]
    public async Task A_hanging_BeginStoreAsync_is_bounded_by_the_DIMSE_timeout_and_refuses()
    {
        var transport = new InMemoryTransport();
        var server = new DicomCipherGateway.Dicom.Network.Server.DicomServer(
            new DicomCipherGateway.Dicom.Network.Server.DicomServerOptions
            {
                Transport = transport,
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Timeouts = ServerFixture.FastTimeouts with { Dimse = TimeSpan.FromMilliseconds(300) },
            },
            ServerFixture.DefaultPolicy(),
            new DicomServiceHandlers { Store = new HangingStoreHandler() });
        await server.StartAsync(CancellationToken.None);
        await using var _ = server;
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)server.EndPoint!).Port, Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        await using var association = await client.AssociateAsync(new DicomCipherGateway.Dicom.Network.Acse.AssociationRequest
        {
            CalledAeTitle = "TEST-SCP",
            CallingAeTitle = "TEST-SCU",
            PresentationContexts = [new DicomCipherGateway.Dicom.Network.Acse.PresentationContextProposal(Dictionary.DicomUids.CTImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian])],
        }, CancellationToken.None);
        var status = await association.StoreAsync(new DicomFile(DimseServiceTests.CtSlice(), DicomTransferSyntax.ImplicitVRLittleEndian), CancellationToken.None);
        Assert.Equal(DicomStatus.OutOfResources, status);
    }

    private sealed class HangingStoreHandler : ICStoreHandler
    {
        public async ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DicomStatus.Success);
    }

    private const byte RejectReasonCalledAe = DicomCipherGateway.Dicom.Network.RejectReason.CalledAeTitleNotRecognized;

    private sealed class GatedStoreHandler(Task gate) : ICStoreHandler
    {
        public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(StoreBeginResult.Accept(new MemoryDatasetSink()));

        public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return DicomStatus.Success;
        }
    }
}
