namespace DicomCipherGateway.Dicom.IO.Values;

/// <summary>Reads some bytes already taken from a stream, then the rest of the stream (does not own it).</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
{
    private int prefixPosition;

    public override int Read(Span<byte> buffer)
    {
        if (prefixPosition < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - prefixPosition);
            prefix.AsSpan(prefixPosition, n).CopyTo(buffer);
            prefixPosition += n;
            return n;
        }

        return rest.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (prefixPosition < prefix.Length)
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }

        return rest.ReadAsync(buffer, cancellationToken);
    }
}
