namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Where a frame's bytes lie in encoded native Pixel Data, and how to turn them into a
/// normalised frame (little-endian cells, first pixel at bit 0).
/// </summary>
internal readonly struct NativeFrameLayout
{
    private NativeFrameLayout(long rawStart, long rawEnd, int skip, int bitShift, bool swapWords, long tailBits)
    {
        RawStart = rawStart;
        RawEnd = rawEnd;
        Skip = skip;
        BitShift = bitShift;
        SwapWords = swapWords;
        TailBits = tailBits;
    }

    /// <summary>First byte of the encoded value to read.</summary>
    public long RawStart { get; }

    /// <summary>One past the last byte to read (may exceed the unpadded length by the pad byte).</summary>
    public long RawEnd { get; }

    public int RawLength => (int)(RawEnd - RawStart);

    /// <summary>Bytes between <see cref="RawStart"/> and the frame's first byte (after word swapping).</summary>
    public int Skip { get; }

    /// <summary>For Bits Allocated 1: the bit of the first byte where the frame starts.</summary>
    public int BitShift { get; }

    public bool SwapWords { get; }

    /// <summary>Valid bits in the frame's last byte (8 when it is full).</summary>
    private long TailBits { get; }

    /// <summary>True when the raw range is the normalised frame as it is, so it can be shared without copying.</summary>
    public bool IsVerbatim => !SwapWords && BitShift == 0 && TailBits == 8;

    public static NativeFrameLayout For(PixelDataDescription description, PixelDataByteOrder byteOrder, int frameIndex)
    {
        var bitStart = description.FrameBitOffset(frameIndex);
        var bitEnd = bitStart + description.FrameLengthInBits;
        var startByte = bitStart >> 3;
        var endByte = (bitEnd + 7) >> 3;
        var swap = byteOrder == PixelDataByteOrder.BigEndianOW;
        var rawStart = swap ? startByte & ~1L : startByte;
        var rawEnd = swap ? (endByte + 1) & ~1L : endByte;
        var tail = description.FrameLengthInBits & 7;
        return new NativeFrameLayout(rawStart, rawEnd, (int)(startByte - rawStart), (int)(bitStart & 7), swap, tail == 0 ? 8 : tail);
    }

    /// <summary>Normalises the raw bytes (starting at <see cref="RawStart"/>) into <paramref name="frame"/>.</summary>
    public void Normalise(ReadOnlySpan<byte> raw, Span<byte> frame)
    {
        ReadOnlySpan<byte> source = raw;
        byte[]? swapped = null;
        if (SwapWords)
        {
            swapped = new byte[RawLength];
            for (var i = 0; i + 1 < RawLength; i += 2)
            {
                swapped[i] = raw[i + 1];
                swapped[i + 1] = raw[i];
            }

            source = swapped;
        }

        source = source[Skip..];
        if (BitShift == 0)
        {
            source[..frame.Length].CopyTo(frame);
        }
        else
        {
            var shift = BitShift;
            for (var i = 0; i < frame.Length; i++)
            {
                var next = i + 1 < source.Length ? source[i + 1] : 0;
                frame[i] = (byte)((source[i] >> shift) | (next << (8 - shift)));
            }
        }

        if (TailBits != 8)
        {
            // Bits past the frame's end belong to the next frame: do not let them leak into this one.
            frame[^1] &= (byte)((1 << (int)TailBits) - 1);
        }
    }
}
