namespace DicomCipherGateway.Dicom.IO.Values;

/// <summary>
/// Where an element's value bytes live: in memory, or as a range of a file that is read only when
/// asked for. Bytes are little endian for binary VRs (big-endian input is swapped once while reading)
/// and otherwise exactly as they were on the wire, padding included, so an unmodified element is
/// written back unchanged. There is deliberately no <c>byte[] Data</c>.
/// </summary>
public abstract class DicomValue
{
    /// <summary>The empty value.</summary>
    public static DicomValue Empty { get; } = new MemoryDicomValue(ReadOnlyMemory<byte>.Empty);

    /// <summary>Length in bytes (long: pixel data may pass 2 GB).</summary>
    public abstract long Length { get; }

    /// <summary>True when the bytes are in memory and <see cref="GetMemory"/> is free.</summary>
    public abstract bool IsMaterialized { get; }

    /// <summary>The bytes in memory; a deferred value is read (once per call) and must fit in an array.</summary>
    public abstract ReadOnlyMemory<byte> GetMemory();

    /// <summary>Copies <c>destination.Length</c> bytes starting at <paramref name="offset"/>.</summary>
    public abstract void CopyTo(long offset, Span<byte> destination);

    /// <summary>A read-only stream over the bytes, without loading them all.</summary>
    public abstract Stream OpenRead();

    /// <summary>Writes the bytes to <paramref name="destination"/> in chunks.</summary>
    public virtual void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (IsMaterialized)
        {
            destination.Write(GetMemory().Span);
            return;
        }

        using var s = OpenRead();
        s.CopyTo(destination, 1 << 20);
    }

    /// <summary>Writes the bytes to <paramref name="destination"/> in chunks.</summary>
    public virtual async ValueTask WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (IsMaterialized)
        {
            await destination.WriteAsync(GetMemory(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var s = OpenRead();
        await using (s.ConfigureAwait(false))
        {
            await s.CopyToAsync(destination, 1 << 20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A value over bytes the caller gives up (no copy is made).</summary>
    public static DicomValue FromMemory(ReadOnlyMemory<byte> bytes) => bytes.IsEmpty ? Empty : new MemoryDicomValue(bytes);
}
