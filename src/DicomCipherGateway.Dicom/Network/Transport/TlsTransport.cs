using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>
/// DICOM TLS (PS3.15 Annex B) as a decorator over another transport. The .NET option objects
/// pass through unchanged, so server certificates, client certificates and validation
/// callbacks are the application's choice; only the protocol floor is enforced (TLS 1.2+).
/// </summary>
public sealed class TlsTransport : IDicomTransport
{
    private readonly IDicomTransport _inner;
    private readonly SslServerAuthenticationOptions? _serverOptions;
    private readonly SslClientAuthenticationOptions? _clientOptions;

    public TlsTransport(IDicomTransport inner, SslServerAuthenticationOptions? serverOptions, SslClientAuthenticationOptions? clientOptions)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (serverOptions is null && clientOptions is null)
        {
            throw new ArgumentException("TLS needs server options, client options or both.");
        }

        _inner = inner;
        _serverOptions = serverOptions is null ? null : WithFloor(serverOptions);
        _clientOptions = clientOptions is null ? null : WithFloor(clientOptions);
    }

    public async ValueTask<IDicomConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var options = _clientOptions ?? throw new InvalidOperationException("This TLS transport has no client options.");
        var inner = await _inner.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var perConnection = CloneForHost(options, host);
        var connection = new TlsConnection(inner, null, perConnection);
        try
        {
            await connection.EstablishAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            // fo-dicom #1013: a failed handshake must not leave the TCP connection open.
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is AuthenticationException or IOException)
            {
                throw new ConnectionClosedException($"TLS handshake with {host}:{port} failed: {e.Message}", e);
            }

            throw;
        }
    }

    public async ValueTask<IDicomConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var options = _serverOptions ?? throw new InvalidOperationException("This TLS transport has no server options.");
        var inner = await _inner.BindAsync(endPoint, cancellationToken).ConfigureAwait(false);
        return new TlsListener(inner, options);
    }

    private static SslServerAuthenticationOptions WithFloor(SslServerAuthenticationOptions options)
    {
        if (options.EnabledSslProtocols == SslProtocols.None)
        {
            options.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        }
        else if ((options.EnabledSslProtocols & ~(SslProtocols.Tls12 | SslProtocols.Tls13)) != 0)
        {
            throw new ArgumentException("DICOM TLS here requires TLS 1.2 or later.", nameof(options));
        }

        return options;
    }

    private static SslClientAuthenticationOptions WithFloor(SslClientAuthenticationOptions options)
    {
        if (options.EnabledSslProtocols == SslProtocols.None)
        {
            options.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        }
        else if ((options.EnabledSslProtocols & ~(SslProtocols.Tls12 | SslProtocols.Tls13)) != 0)
        {
            throw new ArgumentException("DICOM TLS here requires TLS 1.2 or later.", nameof(options));
        }

        return options;
    }

    private static SslClientAuthenticationOptions CloneForHost(SslClientAuthenticationOptions options, string host) => new()
    {
        TargetHost = string.IsNullOrEmpty(options.TargetHost) ? host : options.TargetHost,
        ClientCertificates = options.ClientCertificates,
        ClientCertificateContext = options.ClientCertificateContext,
        LocalCertificateSelectionCallback = options.LocalCertificateSelectionCallback,
        RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
        EnabledSslProtocols = options.EnabledSslProtocols,
        CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
        CertificateChainPolicy = options.CertificateChainPolicy,
        CipherSuitesPolicy = options.CipherSuitesPolicy,
        EncryptionPolicy = options.EncryptionPolicy,
        ApplicationProtocols = options.ApplicationProtocols,
        AllowRenegotiation = options.AllowRenegotiation,
        AllowTlsResume = options.AllowTlsResume,
    };
}
