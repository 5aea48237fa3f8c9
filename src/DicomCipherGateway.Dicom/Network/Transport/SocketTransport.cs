using System.Net;
using System.Net.Sockets;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>Plain TCP. Connect timeouts come from the caller's token.</summary>
public sealed class SocketTransport(TransportOptions? options = null) : IDicomTransport
{
    private readonly TransportOptions _options = options ?? TransportOptions.Default;

    public async ValueTask<IDicomConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ConnectionClosedException($"Cannot connect to {host}:{port}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new SocketConnection(socket, _options);
        connection.Start();
        return connection;
    }

    public ValueTask<IDicomConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return ValueTask.FromResult<IDicomConnectionListener>(new SocketListener(socket, _options));
    }
}
