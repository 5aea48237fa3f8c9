using System.Buffers;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>A data set sink that only counts the bytes it is given: <c>dcg listen --discard</c>.</summary>
internal sealed class CountingSink : IDatasetSink
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
