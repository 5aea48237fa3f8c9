using System.Collections.Concurrent;
using System.Net;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;

namespace DicomCipherGateway.Tests;

/// <summary>
/// A workstation's storage SCP in the test process (our library's server on a loopback port):
/// keeps each received data set with its C-STORE request (Move Originator included) and the time
/// it arrived. <see cref="Gate"/> may hold an instance before it is answered, to force an order
/// between concurrent moves or to keep a C-STORE in flight while a move is cancelled.
/// </summary>
internal sealed class RecordingDestination : ICStoreHandler, IAsyncDisposable
{
    private readonly DicomServer _server;
    private int _begun;

    private RecordingDestination(string aeTitle, int port) => _server = new DicomServer(
        new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) },
        new AssociationPolicy { CalledAeTitles = { aeTitle } }.AcceptStorage(StorageAcceptance.Standard),
        new DicomServiceHandlers { Store = this });

    public ConcurrentQueue<(CStoreRequest Request, byte[] DataSet, DateTime Arrived)> Stored { get; } = new();

    /// <summary>
    /// Called for the nth instance (0-based) once its data set is in: null stores it and answers
    /// Success; a status answers that status and keeps nothing.
    /// </summary>
    public Func<int, CancellationToken, Task<DicomStatus?>>? Gate { get; set; }

    public static async Task<RecordingDestination> StartAsync(string aeTitle, int port)
    {
        var destination = new RecordingDestination(aeTitle, port);
        await destination._server.StartAsync(CancellationToken.None);
        return destination;
    }

    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StoreBeginResult.Accept(new MemoryDatasetSink()));

    public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var arrived = DateTime.UtcNow;
        var index = Interlocked.Increment(ref _begun) - 1;
        if (Gate is { } gate && await gate(index, cancellationToken) is { } status)
        {
            return status;
        }

        Stored.Enqueue((request, ((MemoryDatasetSink)sink).Data.ToArray(), arrived));
        return DicomStatus.Success;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
