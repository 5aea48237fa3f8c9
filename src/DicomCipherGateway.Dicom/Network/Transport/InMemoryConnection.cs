using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>One end of an in-process connection: it reads one pipe and writes the other.</summary>
internal sealed class InMemoryConnection(Pipe input, Pipe output, EndPoint local, EndPoint remote) : IDicomConnection
{
    private int _aborted;

    public string Id { get; } = ConnectionIds.Next();

    public IDuplexPipe Transport { get; } = new DuplexPipe(input.Reader, output.Writer);

    public EndPoint? LocalEndPoint { get; } = local;

    public EndPoint? RemoteEndPoint { get; } = remote;

    public X509Certificate2? RemoteCertificate => null;

    public ValueTask EstablishAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        // The peer sees end of stream; our own pending read wakes up as cancelled.
        output.Writer.Complete();
        input.Reader.CancelPendingRead();
    }

    public async ValueTask DisposeAsync()
    {
        await output.Writer.CompleteAsync().ConfigureAwait(false);
        await input.Reader.CompleteAsync().ConfigureAwait(false);
    }
}
