using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

public class AssociationTests
{
    [Fact]
    public async Task Client_and_server_associate_exchange_an_echo_and_release()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task Echo_works_over_loopback_tcp()
    {
        // The first socket association of the test run pays for JIT; under a loaded CI machine that can outlast the 500 ms ARTIM of FastTimeouts.
        await using var fixture = await ServerFixture.StartAsync(new SocketTransport(), timeouts: ServerFixture.FastTimeouts with { Artim = TimeSpan.FromSeconds(10) });
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task Negotiated_context_carries_the_agreed_parameters()
    {
        await using var fixture = await ServerFixture.StartAsync(maxPdu: 32768);
        var request = new AssociationRequest
        {
            CalledAeTitle = "TEST-SCP",
            CallingAeTitle = "TEST-SCU",
            MaxPduLength = 20000,
            AsyncOperationsWindow = new AsyncOperationsWindowItem(4, 4),
            PresentationContexts =
            [
                new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian]),
                new PresentationContextProposal(DicomUids.MRImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian]),
                new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.JPEGBaseline8Bit]),
            ],
        };
        await using var association = await fixture.Client().AssociateAsync(request, CancellationToken.None);
        var context = association.Context;

        Assert.True(context.IsRequestor);
        Assert.Equal(32768u, context.MaxPduLengthToPeer);
        Assert.Equal(20000u, context.MaxPduLengthFromPeer);
        Assert.Equal(1, context.MaxOperationsInvoked);
        Assert.Equal(AssociationDefaults.ImplementationClassUid, context.PeerImplementationClassUid);

        // The server prefers Explicit VR LE, which we also proposed.
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, context.PresentationContexts[0].TransferSyntax.Uid);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, context.PresentationContexts[1].Result);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, context.PresentationContexts[2].Result);
        Assert.Null(context.FindAccepted(DicomUids.MRImageStorage));
        await association.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Unknown_called_AE_is_rejected_with_reason_7()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var error = await Assert.ThrowsAsync<AssociationRejectedException>(() => fixture.Client().AssociateAsync(ServerFixture.EchoRequest("WRONG"), CancellationToken.None));
        Assert.Equal(RejectResult.Permanent, error.Result);
        Assert.Equal(RejectSource.ServiceUser, error.RejectSource);
        Assert.Equal(RejectReason.CalledAeTitleNotRecognized, error.Reason);
        Assert.False(error.IsTransient);

        // The server keeps serving.
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task The_association_limit_rejects_the_extra_connection_and_frees_its_slot()
    {
        await using var fixture = await ServerFixture.StartAsync(maxAssociations: 1);
        var first = await fixture.Client().AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AssociationRejectedException>(() => fixture.Client().AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None));
        Assert.Equal(RejectResult.Transient, error.Result);
        Assert.Equal(RejectSource.ServiceProviderPresentation, error.RejectSource);
        Assert.Equal(RejectReason.LocalLimitExceeded, error.Reason);
        Assert.True(error.IsTransient);

        await first.ReleaseAsync(CancellationToken.None);
        await first.DisposeAsync();
        for (var i = 0; i < 3; i++)
        {
            await WaitUntil(() => fixture.Server.ActiveConnections == 0);
            await fixture.EchoAsync();
        }
    }

    [Fact]
    public async Task Large_messages_are_fragmented_within_the_peer_maximum()
    {
        await using var fixture = await ServerFixture.StartAsync(maxPdu: 4096);
        await using var association = await fixture.Client().AssociateAsync(new AssociationRequest
        {
            CalledAeTitle = "TEST-SCP",
            CallingAeTitle = "TEST-SCU",
            PresentationContexts = [new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian])],
        }, CancellationToken.None);
        var data = new byte[10_000];
        await association.SendRawAsync(association.Context.PresentationContexts[0].Id, EchoCommands.WithDataSet(1), new MemoryStream(data), CancellationToken.None);

        var events = new List<string>();
        while (events.Count < 4)
        {
            events.Add(await fixture.Events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        }

        // 4096 - 6 bytes of PDV header leaves 4090 per fragment.
        Assert.Equal(["command 0001", "data 4090", "data 4090", "data 1820 last"], events);
        await association.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Concurrent_use_of_one_association_throws()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var association = await fixture.Client().AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        var id = association.Context.PresentationContexts[0].Id;
        var big = new SlowStream(TimeSpan.FromMilliseconds(300));
        var sending = association.SendRawAsync(id, EchoCommands.WithDataSet(1), big, CancellationToken.None);
        await Task.Delay(50);
        await Assert.ThrowsAsync<InvalidOperationException>(() => association.ReleaseAsync(CancellationToken.None));
        await sending;
    }

    [Fact]
    public async Task Stop_waits_for_associations_and_aborts_them_when_told()
    {
        var fixture = await ServerFixture.StartAsync();
        var association = await fixture.Client().AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await fixture.Server.StopAsync(soon.Token);
        }

        Assert.Equal(0, fixture.Server.ActiveConnections);
        await WaitUntil(() => association.Closed.IsCancellationRequested);
        Assert.False(association.IsOpen);
        await association.DisposeAsync();
        await fixture.DisposeAsync();
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met within 5 s");
            await Task.Delay(10);
        }
    }

    private sealed class SlowStream(TimeSpan delay) : Stream
    {
        private bool _done;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_done)
            {
                return 0;
            }

            await Task.Delay(delay, cancellationToken);
            _done = true;
            buffer.Span[..16].Clear();
            return 16;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
