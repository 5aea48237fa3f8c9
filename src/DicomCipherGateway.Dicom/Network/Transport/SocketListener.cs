using System.Net;
using System.Net.Sockets;

namespace DicomCipherGateway.Dicom.Network.Transport;

internal sealed class SocketListener(Socket socket, TransportOptions options) : IDicomConnectionListener
{
    public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

    public async ValueTask<IDicomConnection?> AcceptAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // The client gave up before we accepted it; wait for the next one.
                continue;
            }

            var connection = new SocketConnection(accepted, options);
            connection.Start();
            return connection;
        }
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
