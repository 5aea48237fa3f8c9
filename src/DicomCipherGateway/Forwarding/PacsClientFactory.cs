using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Transport;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Forwarding;

/// <summary>A <see cref="DicomClient"/> for a configured peer: TCP or DICOM TLS with the gateway's certificate and CA.</summary>
internal static class PacsClientFactory
{
    public static DicomClient Create(PeerOptions peer, TlsOptions tls, ILoggerFactory loggerFactory, TimeSpan timeout)
    {
        IDicomTransport transport = new SocketTransport();
        if (peer.Tls)
        {
            var options = new SslClientAuthenticationOptions { TargetHost = peer.Host, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
            if (TlsCertificates.LoadCertificate(tls) is { } certificate)
            {
                options.ClientCertificates = [certificate];
            }

            if (TlsCertificates.LoadCa(tls) is { } ca)
            {
                options.RemoteCertificateValidationCallback = (_, remote, _, errors) => TlsCertificates.ChainsTo(remote, ca, errors);
            }

            transport = new TlsTransport(transport, null, options);
        }

        var timeouts = AssociationTimeouts.Default with { Connect = Min(timeout, TimeSpan.FromSeconds(10)), AssociationRequest = timeout, Dimse = timeout };
        return new DicomClient(new DicomClientOptions { Host = peer.Host, Port = peer.Port, Transport = transport, Timeouts = timeouts }, loggerFactory);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
