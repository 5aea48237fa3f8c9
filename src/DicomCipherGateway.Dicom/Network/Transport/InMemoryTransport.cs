using System.IO.Pipelines;
using System.Net;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>
/// Connections as pairs of in-process pipes with the same buffer limits as sockets. Listeners
/// are registered on this instance only (no static registry), so tests stay independent.
/// </summary>
public sealed class InMemoryTransport(TransportOptions? options = null) : IDicomTransport
{
    private readonly TransportOptions _options = options ?? TransportOptions.Default;
    private readonly Dictionary<int, InMemoryListener> _listeners = [];
    private readonly Lock _lock = new();
    private int _nextPort = 40000;

    public ValueTask<IDicomConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        InMemoryListener? listener;
        lock (_lock)
        {
            _listeners.TryGetValue(port, out listener);
        }

        if (listener is null)
        {
            throw new ConnectionClosedException($"Connection refused: nothing listens on in-memory port {port}.");
        }

        var toServer = new Pipe(_options.ReadPipeOptions());
        var toClient = new Pipe(_options.ReadPipeOptions());
        var clientEnd = new DnsEndPoint("in-memory-client", port);
        var serverSide = new InMemoryConnection(toServer, toClient, listener.EndPoint, clientEnd);
        var clientSide = new InMemoryConnection(toClient, toServer, clientEnd, listener.EndPoint);
        if (!listener.TryEnqueue(serverSide))
        {
            throw new ConnectionClosedException($"Connection refused: in-memory port {port} has a full backlog.");
        }

        return ValueTask.FromResult<IDicomConnection>(clientSide);
    }

    public ValueTask<IDicomConnectionListener> BindAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var port = endPoint switch
        {
            IPEndPoint ip => ip.Port,
            DnsEndPoint dns => dns.Port,
            _ => throw new ArgumentException("An in-memory endpoint needs a port.", nameof(endPoint)),
        };
        lock (_lock)
        {
            if (port == 0)
            {
                while (_listeners.ContainsKey(_nextPort))
                {
                    _nextPort++;
                }

                port = _nextPort++;
            }
            else if (_listeners.ContainsKey(port))
            {
                throw new InvalidOperationException($"In-memory port {port} is already bound.");
            }

            var listener = new InMemoryListener(new DnsEndPoint("in-memory", port), Unbind);
            _listeners[port] = listener;
            return ValueTask.FromResult<IDicomConnectionListener>(listener);
        }
    }

    private void Unbind(InMemoryListener listener)
    {
        lock (_lock)
        {
            _listeners.Remove(((DnsEndPoint)listener.EndPoint).Port);
        }
    }
}
