using System.Net;
using System.Net.Security;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>
/// Hands out connections before their handshake: the server runs
/// <see cref="IDicomConnection.EstablishAsync"/> per connection, so a slow client never
/// stalls the accept loop.
/// </summary>
internal sealed class TlsListener(IDicomConnectionListener inner, SslServerAuthenticationOptions options) : IDicomConnectionListener
{
    public EndPoint EndPoint => inner.EndPoint;

    public async ValueTask<IDicomConnection?> AcceptAsync(CancellationToken cancellationToken)
    {
        var connection = await inner.AcceptAsync(cancellationToken).ConfigureAwait(false);
        return connection is null ? null : new TlsConnection(connection, options, null);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
