namespace DicomCipherGateway.Dicom.IO.Values;

/// <summary>A read-only window of <c>length</c> bytes from an inner stream's current position; owns the inner stream.</summary>
internal sealed class SubStream(Stream inner, long windowLength) : ReadOnlyStream
{
    private readonly long length = windowLength;
    private long remaining = windowLength;

    public override long Length => length;

    public override long Position
    {
        get => length - remaining;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (remaining == 0)
        {
            return 0;
        }

        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
        remaining -= n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (remaining == 0)
        {
            return 0;
        }

        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, remaining)], cancellationToken).ConfigureAwait(false);
        remaining -= n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
