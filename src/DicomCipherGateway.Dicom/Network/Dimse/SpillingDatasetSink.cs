using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Keeps a data set in memory up to a threshold, then moves it to a temporary file in a
/// directory the application chooses (never the system temp folder by default; fo-dicom
/// #1412/#1976). The file is deleted on disposal, deterministically, not by the GC.
/// </summary>
public sealed class SpillingDatasetSink(string directory, int memoryThreshold = 1024 * 1024, long maxLength = long.MaxValue) : IDatasetSink
{
    private readonly ArrayBufferWriter<byte> _memory = new();
    private FileStream? _file;
    private bool _completed;

    public long Length { get; private set; }

    /// <summary>The spill file, once the data set outgrew memory.</summary>
    public string? FilePath => _file?.Name;

    public async ValueTask WriteAsync(ReadOnlySequence<byte> fragment, CancellationToken cancellationToken)
    {
        if (Length + fragment.Length > maxLength)
        {
            throw new DatasetSinkFullException(maxLength);
        }

        if (_file is null && _memory.WrittenCount + fragment.Length > memoryThreshold)
        {
            Directory.CreateDirectory(directory);
            _file = new FileStream(Path.Combine(directory, $"dcg-{Guid.NewGuid():N}.part"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await _file.WriteAsync(_memory.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _memory.Clear();
        }

        foreach (var segment in fragment)
        {
            if (_file is null)
            {
                _memory.Write(segment.Span);
            }
            else
            {
                await _file.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }

        Length += fragment.Length;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_file is not null)
        {
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _completed = true;
    }

    /// <summary>Reads the complete data set (from memory or the spill file); valid until the sink is disposed.</summary>
    public Stream OpenRead()
    {
        if (!_completed)
        {
            throw new InvalidOperationException("The data set is incomplete.");
        }

        if (_file is null)
        {
            return new MemoryStream(_memory.WrittenMemory.ToArray(), writable: false);
        }

        return new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous);
    }

    public async ValueTask DisposeAsync()
    {
        _memory.Clear();
        if (_file is not null)
        {
            // DeleteOnClose removes the file here, whether or not the transfer completed.
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }
}
