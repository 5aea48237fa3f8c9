using System.Buffers;
using System.Buffers.Binary;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Encodes one native frame as an RLE Lossless fragment (1.2.840.10008.1.2.5, PS3.5 Annex G):
/// a 64-byte header and one PackBits segment per byte plane, most significant byte first.
/// </summary>
/// <remarks>
/// As G.3 requires, each row is packed on its own (no run crosses a row boundary) and every
/// repeat of three or more bytes becomes a replicate run; everything else goes into literal
/// runs of at most 128 bytes (a two-byte repeat stays inside its literal, which is never
/// longer). Each segment is padded with a zero byte to an even length. The fragment is the
/// whole frame: one frame, one fragment (A.4.2).
/// Pooled scratch buffers are cleared when returned, since they held plaintext pixels.
/// </remarks>
public static class RleEncoder
{
    /// <summary>Encodes a normalised native frame (<see cref="PixelDataDescription.FrameLength"/> bytes, little-endian cells) as a new fragment.</summary>
    public static byte[] Encode(PixelDataDescription description, ReadOnlySpan<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(description);
        return EncodeCore(description, frame, static fragment => fragment.ToArray());
    }

    /// <summary>Encodes a normalised native frame, appending the fragment to <paramref name="output"/>.</summary>
    public static void Encode(PixelDataDescription description, ReadOnlySpan<byte> frame, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EncodeCore(description, frame, fragment =>
        {
            output.Write(fragment);
            return fragment.Length;
        });
    }

    /// <summary>Encodes into a pooled buffer and hands the fragment to <paramref name="emit"/> (one exact copy, no growing writer).</summary>
    private static TResult EncodeCore<TResult>(PixelDataDescription description, ReadOnlySpan<byte> frame, Func<ReadOnlySpan<byte>, TResult> emit)
    {
        var layout = RleLayout.For(description);
        if (frame.Length != description.FrameLength)
        {
            throw new ArgumentException($"A frame is {description.FrameLength} bytes, the one given is {frame.Length}.", nameof(frame));
        }

        var planeBuffer = ArrayPool<byte>.Shared.Rent(layout.Pixels);
        var maxLength = MaxEncodedLength(description);
        var encoded = ArrayPool<byte>.Shared.Rent(maxLength);
        try
        {
            var plane = planeBuffer.AsSpan(0, layout.Pixels);
            Span<uint> offsets = stackalloc uint[RleLayout.MaxSegments];
            var length = RleLayout.HeaderLength;
            for (var s = 0; s < layout.SegmentCount; s++)
            {
                Gather(frame, plane, layout.FirstByte(s), layout.Stride);
                offsets[s] = (uint)length;
                length += PackSegment(plane, layout.Columns, encoded.AsSpan(length));
                if ((length & 1) != 0)
                {
                    encoded[length++] = 0;
                }
            }

            var header = encoded.AsSpan(0, RleLayout.HeaderLength);
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)layout.SegmentCount);
            for (var s = 0; s < layout.SegmentCount; s++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(header[(4 + (4 * s))..], offsets[s]);
            }

            return emit(encoded.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(planeBuffer, clearArray: true);
            ArrayPool<byte>.Shared.Return(encoded, clearArray: true);
        }
    }

    /// <summary>Encodes frames lazily, one fragment each, e.g. from <see cref="NativePixelData.EnumerateFrames"/>.</summary>
    public static IEnumerable<byte[]> EncodeFrames(PixelDataDescription description, IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(frames);
        RleLayout.For(description);
        return frames.Select(frame => Encode(description, frame.Span));
    }

    /// <summary>The largest fragment a frame can need: header, then per row one literal header per 128 bytes, plus the pad.</summary>
    public static int MaxEncodedLength(PixelDataDescription description)
    {
        var layout = RleLayout.For(description);
        var perRow = layout.Columns + ((layout.Columns + 127) / 128) + 1;
        var perSegment = ((long)perRow * (layout.Pixels / layout.Columns)) + 1;
        var total = RleLayout.HeaderLength + (perSegment * layout.SegmentCount);
        return total > Array.MaxLength
            ? throw new DicomImagingException($"An RLE fragment for a frame of {description.FrameLength} bytes could exceed 2 GiB.")
            : (int)total;
    }

    private static void Gather(ReadOnlySpan<byte> frame, Span<byte> plane, int first, int stride)
    {
        if (stride == 1)
        {
            frame.Slice(first, plane.Length).CopyTo(plane);
            return;
        }

        var at = first;
        for (var i = 0; i < plane.Length; i++, at += stride)
        {
            plane[i] = frame[at];
        }
    }

    private static int PackSegment(ReadOnlySpan<byte> plane, int columns, Span<byte> output)
    {
        var written = 0;
        for (var rowStart = 0; rowStart < plane.Length; rowStart += columns)
        {
            written += PackRow(plane.Slice(rowStart, columns), output[written..]);
        }

        return written;
    }

    private static int PackRow(ReadOnlySpan<byte> row, Span<byte> output)
    {
        var written = 0;
        var i = 0;
        var literalStart = 0;
        while (i < row.Length)
        {
            var run = RunLength(row, i);
            if (run >= 3)
            {
                written += FlushLiteral(row[literalStart..i], output[written..]);
                output[written++] = (byte)(sbyte)(1 - run);
                output[written++] = row[i];
                i += run;
                literalStart = i;
            }
            else
            {
                i += run;
                if (i - literalStart >= 128)
                {
                    written += FlushLiteral(row.Slice(literalStart, 128), output[written..]);
                    literalStart += 128;
                }
            }
        }

        written += FlushLiteral(row[literalStart..], output[written..]);
        return written;
    }

    private static int RunLength(ReadOnlySpan<byte> row, int start)
    {
        var value = row[start];
        var end = Math.Min(row.Length, start + 128);
        var i = start + 1;
        while (i < end && row[i] == value)
        {
            i++;
        }

        return i - start;
    }

    private static int FlushLiteral(ReadOnlySpan<byte> literal, Span<byte> output)
    {
        var written = 0;
        while (!literal.IsEmpty)
        {
            var count = Math.Min(128, literal.Length);
            output[written++] = (byte)(count - 1);
            literal[..count].CopyTo(output[written..]);
            written += count;
            literal = literal[count..];
        }

        return written;
    }
}
