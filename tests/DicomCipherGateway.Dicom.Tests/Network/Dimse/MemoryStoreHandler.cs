using System.Collections.Concurrent;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Tests.Network.Dimse;

/// <summary>A storage handler that keeps what it receives in memory, or refuses/throws on request.</summary>
internal sealed class MemoryStoreHandler : ICStoreHandler
{
    public ConcurrentQueue<(CStoreRequest Request, byte[] Bytes)> Received { get; } = new();

    public int Begun;

    public DicomStatus? Refuse { get; init; }

    public bool ThrowOnComplete { get; init; }

    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Begun);
        return ValueTask.FromResult(Refuse is { } status ? StoreBeginResult.Refuse(status) : StoreBeginResult.Accept(new MemoryDatasetSink()));
    }

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        if (ThrowOnComplete)
        {
            throw new InvalidOperationException("handler bug");
        }

        Received.Enqueue((request, ((MemoryDatasetSink)sink).Data.ToArray()));
        return ValueTask.FromResult(DicomStatus.Success);
    }
}
