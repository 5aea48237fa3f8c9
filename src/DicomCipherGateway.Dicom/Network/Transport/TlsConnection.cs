using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>TLS over an inner connection. A failed handshake closes the inner connection.</summary>
internal sealed class TlsConnection : IDicomConnection
{
    private readonly IDicomConnection _inner;
    private readonly SslStream _ssl;
    private readonly SslServerAuthenticationOptions? _serverOptions;
    private readonly SslClientAuthenticationOptions? _clientOptions;
    private IDuplexPipe? _transport;
    private int _disposed;

    public TlsConnection(IDicomConnection inner, SslServerAuthenticationOptions? serverOptions, SslClientAuthenticationOptions? clientOptions)
    {
        _inner = inner;
        _serverOptions = serverOptions;
        _clientOptions = clientOptions;
        _ssl = new SslStream(new DuplexPipeStream(inner.Transport), leaveInnerStreamOpen: false);
    }

    public string Id => _inner.Id;

    public IDuplexPipe Transport => _transport ?? throw new InvalidOperationException("The TLS handshake has not completed.");

    public EndPoint? LocalEndPoint => _inner.LocalEndPoint;

    public EndPoint? RemoteEndPoint => _inner.RemoteEndPoint;

    public X509Certificate2? RemoteCertificate => _ssl.RemoteCertificate as X509Certificate2
        ?? (_ssl.RemoteCertificate is { } c ? new X509Certificate2(c) : null);

    public async ValueTask EstablishAsync(CancellationToken cancellationToken)
    {
        if (_transport is not null)
        {
            return;
        }

        await _inner.EstablishAsync(cancellationToken).ConfigureAwait(false);
        if (_serverOptions is not null)
        {
            await _ssl.AuthenticateAsServerAsync(_serverOptions, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _ssl.AuthenticateAsClientAsync(_clientOptions!, cancellationToken).ConfigureAwait(false);
        }

        _transport = new DuplexPipe(
            PipeReader.Create(_ssl, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(_ssl, new StreamPipeWriterOptions(leaveOpen: true)));
    }

    public void Abort() => _inner.Abort();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_transport is not null)
        {
            try
            {
                await _transport.Output.CompleteAsync().ConfigureAwait(false);
                await _ssl.ShutdownAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The peer is gone; there is nothing left to tell it.
            }

            await _transport.Input.CompleteAsync().ConfigureAwait(false);
        }

        await _ssl.DisposeAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
    }
}
