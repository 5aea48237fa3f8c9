using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Counts the bytes of a data set and keeps none of them: for throughput tests and connectivity
/// checks, where writing to memory or disk would be measured too.
/// </summary>
public sealed class DiscardingDatasetSink : IDatasetSink
{
    public long Length { get; private set; }

    public ValueTask WriteAsync(ReadOnlySequence<byte> fragment, CancellationToken cancellationToken)
    {
        Length += fragment.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
