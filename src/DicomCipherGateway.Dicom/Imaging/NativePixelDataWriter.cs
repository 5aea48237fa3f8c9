namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Writes normalised frames one after another as a native Pixel Data value to a stream:
/// 1-bit frames packed without gaps, words swapped for Explicit VR Big Endian OW, and the
/// value padded to an even length on <see cref="Complete"/>. Memory stays at one frame.
/// </summary>
public sealed class NativePixelDataWriter
{
    private readonly Stream _output;
    private readonly PixelDataDescription _description;
    private readonly bool _swapWords;
    private readonly byte[] _buffer;
    private int _framesWritten;
    private int _pendingBits;
    private byte _pendingBitsValue;
    private int _pendingByteCount;
    private byte _pendingByte;
    private long _bytesWritten;

    public NativePixelDataWriter(Stream output, PixelDataDescription description, PixelDataByteOrder byteOrder = PixelDataByteOrder.LittleEndian)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(description);
        NativePixelData.CheckByteOrder(description, byteOrder);
        _output = output;
        _description = description;
        _swapWords = byteOrder == PixelDataByteOrder.BigEndianOW;
        _buffer = new byte[description.FrameLength + 2];
    }

    /// <summary>The bytes written so far (including the pad byte once complete).</summary>
    public long BytesWritten => _bytesWritten;

    /// <summary>Appends the next frame (<see cref="PixelDataDescription.FrameLength"/> bytes, little-endian cells, bit 0 first).</summary>
    public void WriteFrame(ReadOnlySpan<byte> frame)
    {
        var count = Stage(frame);
        Emit(_buffer.AsSpan(0, count));
    }

    /// <summary>Appends the next frame asynchronously.</summary>
    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        var count = Stage(frame.Span);
        var bytes = Transform(_buffer.AsSpan(0, count), out var length);
        await _output.WriteAsync(_buffer.AsMemory(bytes, length), cancellationToken).ConfigureAwait(false);
        _bytesWritten += length;
    }

    /// <summary>Writes what remains (a partial bit byte, the pad byte); every frame must have been written.</summary>
    public void Complete()
    {
        var count = Finish();
        Emit(_buffer.AsSpan(0, count));
    }

    /// <summary>Writes what remains asynchronously.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        var count = Finish();
        var start = Transform(_buffer.AsSpan(0, count), out var length);
        await _output.WriteAsync(_buffer.AsMemory(start, length), cancellationToken).ConfigureAwait(false);
        _bytesWritten += length;
    }

    private int Stage(ReadOnlySpan<byte> frame)
    {
        if (_framesWritten >= _description.NumberOfFrames)
        {
            throw new InvalidOperationException($"All {_description.NumberOfFrames} frame(s) have been written.");
        }

        if (frame.Length != _description.FrameLength)
        {
            throw new ArgumentException($"A frame is {_description.FrameLength} bytes, the one given is {frame.Length}.", nameof(frame));
        }

        _framesWritten++;
        if (_description.BitsAllocated != 1)
        {
            frame.CopyTo(_buffer);
            return frame.Length;
        }

        // Bit-packed frames: continue after the bits the previous frame left in its last byte.
        var totalBits = _pendingBits + _description.FrameLengthInBits;
        var count = (int)(totalBits >> 3);
        for (var i = 0; i < count; i++)
        {
            _buffer[i] = CombinedByte(frame, i);
        }

        var previousPending = _pendingBits;
        _pendingBits = (int)(totalBits & 7);
        _pendingBitsValue = _pendingBits == 0 ? (byte)0 : (byte)(CombinedByte(frame, count, previousPending) & ((1 << _pendingBits) - 1));
        return count;
    }

    private byte CombinedByte(ReadOnlySpan<byte> frame, int index) => CombinedByte(frame, index, _pendingBits);

    /// <summary>Byte <paramref name="index"/> of the bit stream "pending bits, then the frame's bits".</summary>
    private byte CombinedByte(ReadOnlySpan<byte> frame, int index, int pendingBits)
    {
        if (pendingBits == 0)
        {
            return FrameByte(frame, index);
        }

        var low = index == 0 ? _pendingBitsValue : FrameByte(frame, index - 1) >> (8 - pendingBits);
        return (byte)(low | (FrameByte(frame, index) << pendingBits));
    }

    /// <summary>A frame byte, with the bits past the frame's end cleared and zero past its last byte.</summary>
    private byte FrameByte(ReadOnlySpan<byte> frame, int index)
    {
        if (index >= frame.Length)
        {
            return 0;
        }

        var tailBits = (int)(_description.FrameLengthInBits & 7);
        return index == frame.Length - 1 && tailBits != 0 ? (byte)(frame[index] & ((1 << tailBits) - 1)) : frame[index];
    }

    private int Finish()
    {
        if (_framesWritten != _description.NumberOfFrames)
        {
            throw new InvalidOperationException($"{_framesWritten} of {_description.NumberOfFrames} frame(s) were written.");
        }

        var count = 0;
        if (_pendingBits != 0)
        {
            _buffer[count++] = _pendingBitsValue;
            _pendingBits = 0;
        }

        var total = _bytesWritten + _pendingByteCount + count;
        if ((total & 1) != 0)
        {
            _buffer[count++] = 0;
        }

        return count;
    }

    private void Emit(Span<byte> bytes)
    {
        var start = Transform(bytes, out var length);
        _output.Write(_buffer, start, length);
        _bytesWritten += length;
    }

    /// <summary>Swaps words in place when needed, carrying an odd byte to the next call; returns where the output starts.</summary>
    private int Transform(Span<byte> bytes, out int length)
    {
        if (!_swapWords)
        {
            length = bytes.Length;
            return 0;
        }

        // Prepend the byte held back from the previous call by shifting the staged bytes right.
        var start = 0;
        var count = bytes.Length;
        if (_pendingByteCount == 1)
        {
            _buffer.AsSpan(0, count).CopyTo(_buffer.AsSpan(1));
            _buffer[0] = _pendingByte;
            count++;
            _pendingByteCount = 0;
        }

        if ((count & 1) != 0)
        {
            _pendingByte = _buffer[count - 1];
            _pendingByteCount = 1;
            count--;
        }

        for (var i = start; i + 1 < count; i += 2)
        {
            (_buffer[i], _buffer[i + 1]) = (_buffer[i + 1], _buffer[i]);
        }

        length = count;
        return start;
    }
}
