using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>
/// A write-only stream that cuts what is written into data-set PDVs of at most
/// <c>maxData</c> bytes. One full fragment is held back so the last one can carry the
/// last-fragment bit when the writer completes.
/// </summary>
internal sealed class PDataOutputStream(AssociationEngine engine, byte presentationContextId, int maxData) : Stream
{
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(maxData);
    private int _length;
    private bool _completed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var target = _buffer ?? throw new ObjectDisposedException(nameof(PDataOutputStream));
        while (!buffer.IsEmpty)
        {
            if (_length == maxData)
            {
                // More is coming, so the held fragment is not the last.
                await engine.SendDataFragmentAsync(presentationContextId, target.AsMemory(0, _length), last: false, cancellationToken).ConfigureAwait(false);
                _length = 0;
            }

            var take = Math.Min(buffer.Length, maxData - _length);
            buffer.Span[..take].CopyTo(target.AsSpan(_length));
            _length += take;
            buffer = buffer[take..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write the data set asynchronously.");

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        await engine.SendDataFragmentAsync(presentationContextId, _buffer!.AsMemory(0, _length), last: true, cancellationToken).ConfigureAwait(false);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
