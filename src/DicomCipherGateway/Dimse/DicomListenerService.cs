using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Dimse;

/// <summary>
/// Hosts the DICOM listener. Started last and stopped first: on shutdown it stops accepting,
/// lets associations in progress finish within Gateway:ShutdownTimeout and aborts the rest
/// (an aborted C-STORE was never acknowledged, so nothing acknowledged is lost).
/// </summary>
internal sealed class DicomListenerService(
    GatewayAssociationPolicy policy,
    GatewayStoreRouter store,
    GatewayCommitmentHandler commitment,
    Forwarding.PacsCommitmentReports pacsCommitmentReports,
    PeerTable peers,
    Retrieve.FindProxy find,
    Retrieve.MoveHandler move,
    Retrieve.GetHandler get,
    IOptions<GatewayOptions> options,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DicomListenerService>();
    private DicomServer? _server;

    public EndPoint? EndPoint => _server?.EndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        IDicomTransport transport = new SocketTransport();
        if (TlsCertificates.LoadCertificate(gateway.Tls) is { } certificate)
        {
            var tls = new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
            if (TlsCertificates.LoadCa(gateway.Tls) is { } ca)
            {
                tls.ClientCertificateRequired = true;
                tls.RemoteCertificateValidationCallback = (_, client, _, errors) => TlsCertificates.ChainsTo(client, ca, errors);
            }

            transport = new TlsTransport(transport, tls, null);
        }

        _server = new DicomServer(
            new DicomServerOptions
            {
                EndPoint = new IPEndPoint(IPAddress.Parse(gateway.Bind), gateway.Port),
                Transport = transport,
                MaxAssociations = gateway.MaxAssociations,
                MaxPduLength = (uint)gateway.MaxPduLength,
                MaxOperations = 1,
                Timeouts = AssociationTimeouts.Default,
            },
            policy,
            new DicomServiceHandlers
            {
                Store = store,
                Find = find,
                Move = move,
                Get = get,
                StorageCommitment = commitment,

                // The PACS's own commitment reports, when it sends them on a new association (as Orthanc does).
                StorageCommitmentReport = pacsCommitmentReports,

                // A report for an association that has ended goes to the modality's configured address.
                ResolveAeTitle = ae => peers.Find(ae) is { } peer
                    ? new Dicom.Network.Client.DicomClientOptions
                    {
                        Host = peer.Host,
                        Port = peer.Port,
                        Transport = Forwarding.PacsClientFactory.Create(peer, gateway.Tls, loggerFactory, TimeSpan.FromSeconds(30)).Options.Transport,
                    }
                    : null,
            },
            loggerFactory);
        try
        {
            await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new GatewayStartupException("Gateway:Port", $"cannot listen on {gateway.Bind}:{gateway.Port} ({e.Message}).", e);
        }

        DimseLog.Listening(_logger, _server.EndPoint?.ToString() ?? string.Empty, gateway.AeTitle, transport is TlsTransport ? " (DICOM TLS)" : string.Empty);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.Value.ShutdownTimeout);
        await _server.StopAsync(grace.Token).ConfigureAwait(false);
        DimseLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
