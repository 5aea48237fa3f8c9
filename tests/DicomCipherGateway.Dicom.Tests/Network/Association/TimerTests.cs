using System.Net;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>Every wait is bounded: each timer fires as a <see cref="DicomTimeoutException"/> naming it.</summary>
public class TimerTests
{
    private static readonly AssociationTimeouts Short = ServerFixture.FastTimeouts with
    {
        AssociationRequest = TimeSpan.FromMilliseconds(300),
        Dimse = TimeSpan.FromMilliseconds(300),
        Idle = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task A_peer_that_never_answers_the_request_times_out_the_association_request()
    {
        var transport = new InMemoryTransport();
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), CancellationToken.None);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)listener.EndPoint).Port, Transport = transport, Timeouts = Short });
        var error = await Assert.ThrowsAsync<DicomTimeoutException>(() => client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None));
        Assert.Equal(DicomTimer.AssociationRequest, error.Timer);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task An_unanswered_request_times_out_on_the_DIMSE_timer_and_aborts()
    {
        var transport = new InMemoryTransport();

        // The internal constructor without a DIMSE layer: messages are queued and never answered.
        var server = new DicomServer(
            new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts },
            ServerFixture.DefaultPolicy(),
            (Func<DicomCipherGateway.Dicom.Network.Association.AssociationEngine, AssociationContext, DicomCipherGateway.Dicom.Network.Association.IMessageReceiver>?)null,
            null);
        await server.StartAsync(CancellationToken.None);
        await using var _ = server;
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)server.EndPoint!).Port, Transport = transport, Timeouts = Short });
        await using var association = await client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<DicomTimeoutException>(() => association.EchoAsync(CancellationToken.None));
        Assert.Equal(DicomTimer.Dimse, error.Timer);
        Assert.False(association.IsOpen);
    }

    [Fact]
    public async Task An_idle_association_is_aborted_by_the_server()
    {
        var transport = new InMemoryTransport();
        var server = new DicomServer(
            new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = Short },
            ServerFixture.DefaultPolicy(),
            new DicomCipherGateway.Dicom.Network.Dimse.DicomServiceHandlers());
        await server.StartAsync(CancellationToken.None);
        await using var _ = server;
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)server.EndPoint!).Port, Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        await using var association = await client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        await AssociationTests.WaitUntil(() => !association.IsOpen);
        await Assert.ThrowsAnyAsync<DicomNetworkException>(() => association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_callers_token_cancels_with_OperationCanceledException_not_a_timer()
    {
        var transport = new InMemoryTransport();
        await using var listener = await transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), CancellationToken.None);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)listener.EndPoint).Port, Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.AssociateAsync(ServerFixture.EchoRequest(), cts.Token));
    }
}
