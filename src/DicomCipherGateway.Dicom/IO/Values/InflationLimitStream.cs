namespace DicomCipherGateway.Dicom.IO.Values;

/// <summary>
/// Counts the bytes an inflating stream yields and stops at a limit, so a deflate bomb (a few
/// kilobytes that inflate to gigabytes) is a clear error instead of unbounded memory.
/// </summary>
internal sealed class InflationLimitStream(Stream inflated, long limit, long startOffset) : ReadOnlyStream
{
    private long total;

    public override int Read(Span<byte> buffer) => Count(inflated.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inflated.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inflated.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int n)
    {
        total += n;
        if (total > limit)
        {
            throw new DicomFormatException($"the deflated dataset inflates to more than {limit} bytes (DicomReadOptions.MaxInflatedLength)", null, startOffset);
        }

        return n;
    }
}
