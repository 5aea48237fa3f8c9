using System.Net;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>
/// Produces connections: TCP sockets (<see cref="SocketTransport"/>), TLS over another
/// transport (<see cref="TlsTransport"/>) or in-process pipes (<see cref="InMemoryTransport"/>).
/// </summary>
public interface IDicomTransport
{
    /// <summary>Opens a connection; the returned connection is already established.</summary>
    ValueTask<IDicomConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken);

    ValueTask<IDicomConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken);
}
