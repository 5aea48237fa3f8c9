using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Tests.Network.Association;
using DicomCipherGateway.Dicom.Tests.Network.Interop;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Tls;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificate _server = TestCertificate.Create("dcg-test-server");
    private readonly TestCertificate _client = TestCertificate.Create("dcg-test-client");

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
    }

    private SslServerAuthenticationOptions ServerOptions(bool requireClientCertificate) => new()
    {
        ServerCertificate = _server.Certificate,
        ClientCertificateRequired = requireClientCertificate,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => !requireClientCertificate || _client.Matches(certificate),
    };

    private SslClientAuthenticationOptions ClientOptions(bool trustServer = true) => new()
    {
        TargetHost = "localhost",
        ClientCertificates = new X509CertificateCollection { _client.Certificate },
        RemoteCertificateValidationCallback = (_, certificate, _, _) => trustServer && _server.Matches(certificate),
    };

    private async Task<(DicomServer Server, CapturingPolicy Policy)> StartTlsServerAsync()
    {
        var policy = new CapturingPolicy(ServerFixture.DefaultPolicy());
        var server = new DicomServer(
            new DicomServerOptions
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Transport = new TlsTransport(new SocketTransport(), ServerOptions(requireClientCertificate: true), null),
                Timeouts = ServerFixture.FastTimeouts,
            },
            policy,
            new DicomServiceHandlers());
        await server.StartAsync(CancellationToken.None);
        return (server, policy);
    }

    private DicomClient TlsClient(DicomServer server, bool trustServer = true) => new(new DicomClientOptions
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)server.EndPoint!).Port,
        Transport = new TlsTransport(new SocketTransport(), null, ClientOptions(trustServer)),
        Timeouts = ServerFixture.FastTimeouts,
    });

    [Fact]
    public async Task Mutual_TLS_echo_and_the_policy_sees_the_client_certificate()
    {
        var (server, policy) = await StartTlsServerAsync();
        await using var _ = server;
        await using var association = await TlsClient(server).AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        await association.ReleaseAsync(CancellationToken.None);
        Assert.True(_client.Matches(policy.LastClientCertificate));
    }

    [Fact]
    public async Task A_failed_handshake_closes_the_connection_and_the_server_keeps_serving()
    {
        var (server, _) = await StartTlsServerAsync();
        await using var _s = server;
        await Assert.ThrowsAsync<ConnectionClosedException>(() => TlsClient(server, trustServer: false).AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None));
        await AssociationTests.WaitUntil(() => server.ActiveConnections == 0);

        await using var association = await TlsClient(server).AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    [Fact]
    public void TLS_below_1_2_is_refused_at_configuration()
    {
#pragma warning disable SYSLIB0039 // TLS 1.0 is named only to prove it is refused.
        var weak = new SslClientAuthenticationOptions { EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls };
#pragma warning restore SYSLIB0039
        Assert.Throws<ArgumentException>(() => new TlsTransport(new SocketTransport(), null, weak));
    }

    [Fact]
    public async Task Echoscu_over_TLS_with_a_client_certificate_reaches_our_server()
    {
        using var dir = new TempDirectory("dcg-net-tls");
        var (clientKey, clientCert) = _client.WritePem(dir.Path, "client");
        var (_, serverCert) = _server.WritePem(dir.Path, "server");
        var (server, policy) = await StartTlsServerAsync();
        await using var _ = server;
        var port = ((IPEndPoint)server.EndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await DcmtkTools.RunAsync("echoscu", ["+tls", clientKey, clientCert, "-pw", "+cf", serverCert, "-aec", "TEST-SCP", "-to", "10", "127.0.0.1", port], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.True(_client.Matches(policy.LastClientCertificate));
    }

    [Fact]
    public async Task Our_TLS_client_echoes_storescp_over_TLS()
    {
        using var dir = new TempDirectory("dcg-net-tls");
        var (serverKey, serverCert) = _server.WritePem(dir.Path, "server");
        var (_, clientCert) = _client.WritePem(dir.Path, "client");
        await using var storescp = await ToolProcess.StartListeningAsync("storescp", port =>
            ["+tls", serverKey, serverCert, "-pw", "+cf", clientCert, "-aet", "STORE-SCP", "-od", dir.Path, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var client = new DicomClient(new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = storescp.Port,
            Transport = new TlsTransport(new SocketTransport(), null, ClientOptions()),
            Timeouts = ServerFixture.FastTimeouts,
        });
        await using var association = await client.AssociateAsync(ServerFixture.EchoRequest("STORE-SCP"), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
        await association.ReleaseAsync(CancellationToken.None);
    }

    private sealed class CapturingPolicy(IAssociationPolicy inner) : IAssociationPolicy
    {
        public X509Certificate2? LastClientCertificate { get; private set; }

        public ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken)
        {
            LastClientCertificate = info.ClientCertificate;
            return inner.DecideAsync(request, info, cancellationToken);
        }
    }
}
