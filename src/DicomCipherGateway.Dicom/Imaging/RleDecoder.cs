using System.Buffers;
using System.Buffers.Binary;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Decodes one frame of RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G) into a native frame.
/// </summary>
/// <remarks>
/// The input is the frame's fragment: a 64-byte header (segment count, 15 offsets) followed by
/// PackBits segments (G.3.1). The output is a normalised native frame (little-endian cells) in
/// the description's planar configuration. Every inconsistency — a bad header, an offset out
/// of range, a run past the end of the segment's output, a segment that ends early — raises a
/// <see cref="DicomImagingException"/> with the offset in the fragment; writes are bounded by
/// the output's length and every step consumes input, so a corrupt fragment can neither
/// overrun memory nor loop.
/// Pooled scratch buffers are cleared when returned, since they held plaintext pixels.
/// </remarks>
public static class RleDecoder
{
    /// <summary>Decodes <paramref name="fragment"/> into <paramref name="frame"/> (<see cref="PixelDataDescription.FrameLength"/> bytes).</summary>
    public static void Decode(PixelDataDescription description, ReadOnlySpan<byte> fragment, Span<byte> frame)
    {
        var layout = RleLayout.For(description);
        if (frame.Length != description.FrameLength)
        {
            throw new ArgumentException($"A frame is {description.FrameLength} bytes, the destination is {frame.Length}.", nameof(frame));
        }

        if (fragment.Length < RleLayout.HeaderLength)
        {
            throw new DicomImagingException($"RLE fragment of {fragment.Length} bytes is shorter than the 64-byte RLE header.", fragment.Length);
        }

        var segments = BinaryPrimitives.ReadUInt32LittleEndian(fragment);
        if (segments != layout.SegmentCount)
        {
            throw new DicomImagingException(
                $"RLE header declares {segments} segment(s); {layout.SegmentCount} are needed for {description.SamplesPerPixel} sample(s) of {description.BitsAllocated} bits allocated.",
                0);
        }

        Span<long> offsets = stackalloc long[RleLayout.MaxSegments + 1];
        for (var s = 0; s < layout.SegmentCount; s++)
        {
            offsets[s] = BinaryPrimitives.ReadUInt32LittleEndian(fragment[(4 + (4 * s))..]);
            var previous = s == 0 ? RleLayout.HeaderLength : offsets[s - 1] + 1;
            if (offsets[s] < previous || offsets[s] > fragment.Length)
            {
                throw new DicomImagingException(
                    $"RLE header offset of segment {s + 1} is {offsets[s]}; it must be at least {previous} and at most the fragment length {fragment.Length}.",
                    4 + (4 * s));
            }
        }

        offsets[layout.SegmentCount] = fragment.Length;
        var segmentBytes = ArrayPool<byte>.Shared.Rent(layout.Pixels);
        try
        {
            var decoded = segmentBytes.AsSpan(0, layout.Pixels);
            for (var s = 0; s < layout.SegmentCount; s++)
            {
                var start = (int)offsets[s];
                var end = (int)offsets[s + 1];
                DecodeSegment(fragment[start..end], start, s, decoded);
                Scatter(decoded, frame, layout.FirstByte(s), layout.Stride);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(segmentBytes, clearArray: true);
        }
    }

    /// <summary>Decodes a fragment into a new frame.</summary>
    public static byte[] Decode(PixelDataDescription description, ReadOnlySpan<byte> fragment)
    {
        ArgumentNullException.ThrowIfNull(description);
        var frame = new byte[description.FrameLength];
        Decode(description, fragment, frame);
        return frame;
    }

    /// <summary>Decodes a frame whose fragment arrived in several buffers (e.g. from a pipe).</summary>
    public static byte[] Decode(PixelDataDescription description, ReadOnlySequence<byte> fragment)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (fragment.IsSingleSegment)
        {
            return Decode(description, fragment.FirstSpan);
        }

        if (fragment.Length > Array.MaxLength)
        {
            throw new DicomImagingException($"RLE fragment of {fragment.Length} bytes is too large.");
        }

        var bytes = ArrayPool<byte>.Shared.Rent((int)fragment.Length);
        try
        {
            fragment.CopyTo(bytes);
            return Decode(description, bytes.AsSpan(0, (int)fragment.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes, clearArray: true);
        }
    }

    /// <summary>
    /// Decodes the frames of an RLE Pixel Data value lazily, one fragment per frame (G.5; the
    /// Basic Offset Table item excluded). A fragment count that differs from Number of Frames is
    /// refused before the first missing or extra frame would be produced.
    /// </summary>
    public static IEnumerable<NativeFrame> DecodeFrames(PixelDataDescription description, IEnumerable<ReadOnlyMemory<byte>> fragments)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(fragments);
        RleLayout.For(description);
        return Iterate(description, fragments);

        static IEnumerable<NativeFrame> Iterate(PixelDataDescription description, IEnumerable<ReadOnlyMemory<byte>> fragments)
        {
            var index = 0;
            foreach (var fragment in fragments)
            {
                if (index == description.NumberOfFrames)
                {
                    throw new DicomImagingException($"RLE Pixel Data has more fragments than its {description.NumberOfFrames} frame(s); RLE puts each frame in exactly one fragment.");
                }

                yield return new NativeFrame(description, index, Decode(description, fragment.Span));
                index++;
            }

            if (index != description.NumberOfFrames)
            {
                throw new DicomImagingException($"RLE Pixel Data has {index} fragment(s) for {description.NumberOfFrames} frame(s); RLE puts each frame in exactly one fragment.");
            }
        }
    }

    /// <summary>PackBits (G.3.1): n in 0..127 copies n+1 literal bytes, -127..-1 repeats the next byte 1-n times, -128 does nothing.</summary>
    private static void DecodeSegment(ReadOnlySpan<byte> input, int inputOffset, int segment, Span<byte> output)
    {
        var inPos = 0;
        var outPos = 0;
        while (outPos < output.Length)
        {
            if (inPos >= input.Length)
            {
                throw new DicomImagingException(
                    $"RLE segment {segment + 1} ends after {input.Length} bytes having produced {outPos} of its {output.Length} bytes.",
                    inputOffset + inPos);
            }

            var header = (sbyte)input[inPos];
            var headerAt = inPos;
            inPos++;
            if (header >= 0)
            {
                var count = header + 1;
                if (inPos + count > input.Length)
                {
                    throw new DicomImagingException(
                        $"RLE segment {segment + 1}: a literal run of {count} bytes at offset {inputOffset + headerAt} goes past the segment's end.",
                        inputOffset + headerAt);
                }

                if (outPos + count > output.Length)
                {
                    throw Overrun(segment, count, inputOffset + headerAt, outPos, output.Length);
                }

                input.Slice(inPos, count).CopyTo(output[outPos..]);
                inPos += count;
                outPos += count;
            }
            else if (header != -128)
            {
                var count = 1 - header;
                if (inPos >= input.Length)
                {
                    throw new DicomImagingException(
                        $"RLE segment {segment + 1}: the replicate run at offset {inputOffset + headerAt} has no byte to repeat.",
                        inputOffset + headerAt);
                }

                if (outPos + count > output.Length)
                {
                    throw Overrun(segment, count, inputOffset + headerAt, outPos, output.Length);
                }

                output.Slice(outPos, count).Fill(input[inPos]);
                inPos++;
                outPos += count;
            }
        }

        // Anything after the segment's output is padding (G.3.1 pads segments to even length).
    }

    private static void Scatter(ReadOnlySpan<byte> decoded, Span<byte> frame, int first, int stride)
    {
        if (stride == 1)
        {
            decoded.CopyTo(frame[first..]);
            return;
        }

        var at = first;
        for (var i = 0; i < decoded.Length; i++, at += stride)
        {
            frame[at] = decoded[i];
        }
    }

    private static DicomImagingException Overrun(int segment, int count, long offset, int produced, int expected) => new(
        $"RLE segment {segment + 1}: a run of {count} bytes at offset {offset} overruns the segment's {expected} bytes ({produced} already produced).",
        offset);
}
