using System.Net;
using System.Threading.Channels;

namespace DicomCipherGateway.Dicom.Network.Transport;

internal sealed class InMemoryListener(EndPoint endPoint, Action<InMemoryListener> onDispose) : IDicomConnectionListener
{
    private readonly Channel<IDicomConnection> _backlog = Channel.CreateBounded<IDicomConnection>(128);

    public EndPoint EndPoint { get; } = endPoint;

    internal bool TryEnqueue(IDicomConnection connection) => _backlog.Writer.TryWrite(connection);

    public async ValueTask<IDicomConnection?> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _backlog.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        onDispose(this);
        _backlog.Writer.TryComplete();
        while (_backlog.Reader.TryRead(out var pending))
        {
            await pending.DisposeAsync().ConfigureAwait(false);
        }
    }
}
