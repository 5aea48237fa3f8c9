using System.Buffers;
using System.Runtime.CompilerServices;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Native (uncompressed) Pixel Data as a sequence of frames, read lazily from the encoded
/// value without ever joining the frames into one array (PS3.5 §8.1.1, §8.2).
/// </summary>
/// <remarks>
/// Frames come back normalised (<see cref="NativeFrame"/>): little-endian cells, 1-bit frames
/// re-aligned to bit 0. A frame shares the source's memory when nothing has to change
/// (little-endian, byte-aligned); otherwise it is a fresh copy.
/// </remarks>
public sealed class NativePixelData
{
    private readonly ReadOnlySequence<byte> _data;

    /// <summary>Wraps the value of Pixel Data (7FE0,0010), padded or not.</summary>
    public NativePixelData(PixelDataDescription description, ReadOnlyMemory<byte> data, PixelDataByteOrder byteOrder = PixelDataByteOrder.LittleEndian)
        : this(description, new ReadOnlySequence<byte>(data), byteOrder)
    {
    }

    /// <summary>Wraps the value of Pixel Data (7FE0,0010) held in several buffers.</summary>
    public NativePixelData(PixelDataDescription description, ReadOnlySequence<byte> data, PixelDataByteOrder byteOrder = PixelDataByteOrder.LittleEndian)
    {
        ArgumentNullException.ThrowIfNull(description);
        CheckByteOrder(description, byteOrder);
        CheckLength(description, data.Length);

        Description = description;
        ByteOrder = byteOrder;
        _data = data;
    }

    public PixelDataDescription Description { get; }

    public PixelDataByteOrder ByteOrder { get; }

    public int FrameCount => Description.NumberOfFrames;

    /// <summary>Frame <paramref name="index"/>, normalised; shares memory with the source when it can.</summary>
    public NativeFrame GetFrame(int index)
    {
        var layout = NativeFrameLayout.For(Description, ByteOrder, index);
        var available = Math.Min(layout.RawEnd, _data.Length) - layout.RawStart;
        var raw = _data.Slice(layout.RawStart, available);
        if (layout.IsVerbatim && raw.IsSingleSegment)
        {
            return new NativeFrame(Description, index, raw.First);
        }

        var frame = new byte[Description.FrameLength];
        CopyNormalised(layout, raw, frame);
        return new NativeFrame(Description, index, frame);
    }

    /// <summary>Copies frame <paramref name="index"/>, normalised, into <paramref name="destination"/> (<see cref="PixelDataDescription.FrameLength"/> bytes).</summary>
    public void CopyFrame(int index, Span<byte> destination)
    {
        if (destination.Length != Description.FrameLength)
        {
            throw new ArgumentException($"A frame is {Description.FrameLength} bytes, the destination is {destination.Length}.", nameof(destination));
        }

        var layout = NativeFrameLayout.For(Description, ByteOrder, index);
        var available = Math.Min(layout.RawEnd, _data.Length) - layout.RawStart;
        CopyNormalised(layout, _data.Slice(layout.RawStart, available), destination);
    }

    /// <summary>The frames in order, each produced only when the enumeration reaches it.</summary>
    public IEnumerable<NativeFrame> EnumerateFrames()
    {
        for (var i = 0; i < FrameCount; i++)
        {
            yield return GetFrame(i);
        }
    }

    /// <summary>
    /// Reads the frames of a native Pixel Data value from <paramref name="stream"/>, positioned at
    /// the value's first byte, one frame at a time (memory stays at one frame). Each frame is a
    /// fresh array the caller owns. A stream that ends early raises <see cref="DicomImagingException"/>.
    /// </summary>
    public static async IAsyncEnumerable<NativeFrame> ReadFramesAsync(
        Stream stream,
        PixelDataDescription description,
        PixelDataByteOrder byteOrder = PixelDataByteOrder.LittleEndian,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(description);
        CheckByteOrder(description, byteOrder);

        // Consecutive frames share at most the 2 bytes of a word (Big Endian OW) or a bit-packed byte.
        var retained = new byte[2];
        long retainedStart = 0;
        var retainedCount = 0;
        long position = 0;
        for (var index = 0; index < description.NumberOfFrames; index++)
        {
            var layout = NativeFrameLayout.For(description, byteOrder, index);
            var raw = new byte[layout.RawLength];
            var filled = 0;
            if (layout.RawStart < position)
            {
                var from = (int)(layout.RawStart - retainedStart);
                filled = retainedCount - from;
                retained.AsSpan(from, filled).CopyTo(raw);
            }

            while (filled < raw.Length)
            {
                var read = await stream.ReadAsync(raw.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // The only byte allowed to be missing is the pad after an odd-length value.
                    if (layout.RawStart + filled >= description.PixelDataLength)
                    {
                        break;
                    }

                    throw new DicomImagingException(
                        $"Pixel Data (7FE0,0010) ended after {layout.RawStart + filled} bytes, in frame {index}; {description.PixelDataLength} bytes were expected.",
                        layout.RawStart + filled);
                }

                filled += read;
                position = layout.RawStart + filled;
            }

            position = Math.Max(position, layout.RawStart + filled);
            retainedCount = Math.Min(2, filled);
            retainedStart = layout.RawStart + filled - retainedCount;
            raw.AsSpan(filled - retainedCount, retainedCount).CopyTo(retained);

            var frame = new byte[description.FrameLength];
            layout.Normalise(raw, frame);
            yield return new NativeFrame(description, index, frame);
        }
    }

    /// <summary>
    /// Encodes normalised frames as a native Pixel Data value (padded to even length) in the
    /// given byte order: the inverse of reading.
    /// </summary>
    public static byte[] Encode(PixelDataDescription description, IEnumerable<ReadOnlyMemory<byte>> frames, PixelDataByteOrder byteOrder = PixelDataByteOrder.LittleEndian)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(frames);
        if (description.PaddedPixelDataLength > Array.MaxLength)
        {
            throw new DicomImagingException($"Pixel Data of {description.PaddedPixelDataLength} bytes does not fit in one array; write it with {nameof(NativePixelDataWriter)} to a stream.");
        }

        using var output = new MemoryStream((int)description.PaddedPixelDataLength);
        var writer = new NativePixelDataWriter(output, description, byteOrder);
        foreach (var frame in frames)
        {
            writer.WriteFrame(frame.Span);
        }

        writer.Complete();

        // The stream was sized exactly: hand its buffer over instead of copying hundreds of MB.
        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }

    /// <summary>Refuses a native value too short for the frames the description announces.</summary>
    internal static void CheckLength(PixelDataDescription description, long length)
    {
        if (length < description.PixelDataLength)
        {
            throw new DicomImagingException(
                $"Pixel Data (7FE0,0010) has {length} bytes; {description.NumberOfFrames} frame(s) of {description.Rows}×{description.Columns}×{description.SamplesPerPixel} samples at {description.BitsAllocated} bits allocated need {description.PixelDataLength}.");
        }
    }

    internal static void CheckByteOrder(PixelDataDescription description, PixelDataByteOrder byteOrder)
    {
        if (!Enum.IsDefined(byteOrder))
        {
            throw new ArgumentOutOfRangeException(nameof(byteOrder), byteOrder, "not a pixel data byte order");
        }

        if (byteOrder == PixelDataByteOrder.BigEndianOB && description.BitsAllocated > 8)
        {
            throw new DicomImagingException($"Pixel Data with Bits Allocated {description.BitsAllocated} must be OW in Explicit VR Big Endian (PS3.5 §8.2), not OB.");
        }
    }

    private static void CopyNormalised(NativeFrameLayout layout, ReadOnlySequence<byte> raw, Span<byte> destination)
    {
        // The raw range is at most one frame plus two bytes; a missing pad byte reads as zero.
        var buffer = new byte[layout.RawLength];
        raw.CopyTo(buffer);
        layout.Normalise(buffer, destination);
    }
}
