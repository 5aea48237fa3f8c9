using System.Globalization;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// Answers every C-STORE with Success and keeps nothing (<c>dcg listen --discard</c>): a sink for
/// network throughput tests and connectivity checks, where writing to disk would be measured too.
/// </summary>
internal sealed class DiscardingStoreHandler : ICStoreHandler
{
    private int _count;

    public int Count => _count;

    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StoreBeginResult.Accept(new DiscardingDatasetSink()));

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var count = Interlocked.Increment(ref _count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"received #{count} {request.SopInstanceUid} from {context.CallingAeTitle}, {((DiscardingDatasetSink)sink).Length} bytes (discarded)"));

        return ValueTask.FromResult(DicomStatus.Success);
    }
}
