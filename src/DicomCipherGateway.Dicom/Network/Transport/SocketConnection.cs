using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>
/// The only code that touches a <see cref="Socket"/>: a receive pump fills a bounded pipe and
/// a send pump drains another. When the consumer falls behind, the receive pump's flush waits
/// and the socket is not read, so TCP flow control slows the peer instead of memory growing.
/// </summary>
internal sealed class SocketConnection : IDicomConnection
{

    private readonly Socket _socket;
    private readonly TransportOptions _options;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _aborted = new();
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private int _disposed;

    public SocketConnection(Socket socket, TransportOptions options)
    {
        _socket = socket;
        _options = options;
        _socket.NoDelay = true;
        _input = new Pipe(options.ReadPipeOptions());
        _output = new Pipe(options.WritePipeOptions());
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public string Id { get; } = ConnectionIds.Next();

    public IDuplexPipe Transport { get; }

    public EndPoint? LocalEndPoint { get; }

    public EndPoint? RemoteEndPoint { get; }

    public X509Certificate2? RemoteCertificate => null;

    public void Start()
    {
        _receiving = ReceiveAsync();
        _sending = SendAsync();
    }

    public ValueTask EstablishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async Task ReceiveAsync()
    {
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(_options.SegmentSize);
                var received = await _socket.ReceiveAsync(memory, SocketFlags.None, _aborted.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);
                var flush = await writer.FlushAsync(_aborted.Token).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            error = new ConnectionClosedException("The connection was aborted locally.");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            error = new ConnectionClosedException("The connection was reset: " + e.Message, e);
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task SendAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_aborted.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var sent = 0;
                    while (sent < segment.Length)
                    {
                        sent += await _socket.SendAsync(segment[sent..], SocketFlags.None, _aborted.Token).ConfigureAwait(false);
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            // A graceful half-close tells the peer we are done sending (after A-RELEASE-RP or A-ABORT).
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The peer or Abort() closed the connection; writers see it as a completed flush.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public void Abort()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Let queued output (a final A-RELEASE-RP or A-ABORT) reach the peer, within a bound.
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _sending.WaitAsync(_options.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        Abort();
        await Task.WhenAll(_receiving, _sending).ConfigureAwait(false);
        await _input.Reader.CompleteAsync().ConfigureAwait(false);
        _aborted.Dispose();
    }
}
