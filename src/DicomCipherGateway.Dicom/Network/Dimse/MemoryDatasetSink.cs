using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Keeps the data set in memory, up to a limit (over it, the store fails with Out of Resources).</summary>
public sealed class MemoryDatasetSink(long maxLength = 64 * 1024 * 1024) : IDatasetSink
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public long Length => _buffer.WrittenCount;

    public bool IsComplete { get; private set; }

    /// <summary>The received bytes; only meaningful once <see cref="IsComplete"/>.</summary>
    public ReadOnlyMemory<byte> Data => IsComplete ? _buffer.WrittenMemory : throw new InvalidOperationException("The data set is incomplete.");

    public ValueTask WriteAsync(ReadOnlySequence<byte> fragment, CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount + fragment.Length > maxLength)
        {
            throw new DatasetSinkFullException(maxLength);
        }

        foreach (var segment in fragment)
        {
            _buffer.Write(segment.Span);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        IsComplete = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _buffer.Clear();
        return ValueTask.CompletedTask;
    }
}
