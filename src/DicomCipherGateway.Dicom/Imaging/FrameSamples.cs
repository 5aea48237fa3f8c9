using System.Buffers.Binary;
using System.Numerics;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Converts one native frame (little-endian cells, first pixel at bit 0, as produced by
/// <see cref="NativePixelData"/>) to and from typed sample values, in the frame's own sample
/// order (see <see cref="PlanarConfigurationConverter"/> to change it).
/// </summary>
/// <remarks>
/// Reading takes the Bits Stored bits ending at High Bit and sign-extends them when Pixel
/// Representation is 1 (PS3.5 §8.1.1): whatever the bits outside that range hold (historically
/// overlays) is ignored. PS3.5 leaves those bits' content to the writer; when we write we set
/// them to zero for unsigned data and to copies of the sign bit for signed data, so that a
/// reader that ignores Bits Stored still sees the right value.
/// The sample type must hold every value Bits Stored allows (e.g. <c>short</c> or <c>int</c>
/// for 12-bit signed, <c>byte</c> for 1-bit or 8-bit unsigned), else the call is refused.
/// </remarks>
public static class FrameSamples
{
    /// <summary>Reads the samples of <paramref name="frame"/> into <paramref name="destination"/> (length <see cref="PixelDataDescription.SamplesPerFrame"/>).</summary>
    public static void Read<T>(PixelDataDescription description, ReadOnlySpan<byte> frame, Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(description);
        CheckType<T>(description);
        CheckLengths(description, frame.Length, destination.Length);

        var count = description.SamplesPerFrame;
        if (description.BitsAllocated == 1)
        {
            for (var i = 0; i < count; i++)
            {
                destination[i] = T.CreateTruncating((frame[i >> 3] >> (i & 7)) & 1);
            }

            return;
        }

        var shift = description.HighBit + 1 - description.BitsStored;
        var bitsStored = description.BitsStored;
        var mask = (1UL << bitsStored) - 1;
        var signBit = 1L << (bitsStored - 1);
        var signed = description.IsSigned;
        switch (description.BitsAllocated)
        {
            case 8:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = T.CreateTruncating(Extract(frame[i], shift, mask, signBit, signed));
                }

                break;
            case 16:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = T.CreateTruncating(Extract(BinaryPrimitives.ReadUInt16LittleEndian(frame[(i * 2)..]), shift, mask, signBit, signed));
                }

                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = T.CreateTruncating(Extract(BinaryPrimitives.ReadUInt32LittleEndian(frame[(i * 4)..]), shift, mask, signBit, signed));
                }

                break;
        }
    }

    /// <summary>Reads the samples of a frame into a new array.</summary>
    public static T[] ToArray<T>(PixelDataDescription description, ReadOnlySpan<byte> frame)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(description);
        var result = new T[description.SamplesPerFrame];
        Read(description, frame, result.AsSpan());
        return result;
    }

    /// <summary>
    /// Writes <paramref name="samples"/> as one native frame into <paramref name="destination"/>
    /// (length <see cref="PixelDataDescription.FrameLength"/>), every byte of which is overwritten.
    /// </summary>
    public static void Write<T>(PixelDataDescription description, ReadOnlySpan<T> samples, Span<byte> destination, SampleOverflow overflow = SampleOverflow.Throw)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(description);
        CheckLengths(description, destination.Length, samples.Length);

        var count = description.SamplesPerFrame;
        var min = description.MinStoredValue;
        var max = description.MaxStoredValue;
        if (description.BitsAllocated == 1)
        {
            destination.Clear();
            for (var i = 0; i < count; i++)
            {
                var v = long.CreateTruncating(samples[i]);
                if (v is < 0 or > 1)
                {
                    if (overflow == SampleOverflow.Throw)
                    {
                        throw OutOfRange(description, i, v);
                    }

                    v &= 1;
                }

                destination[i >> 3] |= (byte)(v << (i & 7));
            }

            return;
        }

        var shift = description.HighBit + 1 - description.BitsStored;
        var bitsStored = description.BitsStored;
        var mask = (1UL << bitsStored) - 1;
        var signBit = 1L << (bitsStored - 1);
        var signed = description.IsSigned;
        var cellBits = description.BitsAllocated;
        for (var i = 0; i < count; i++)
        {
            var v = long.CreateSaturating(samples[i]);
            if (v < min || v > max)
            {
                if (overflow == SampleOverflow.Throw)
                {
                    throw OutOfRange(description, i, v);
                }

                v = Extract((ulong)v, 0, mask, signBit, signed);
            }

            // v is now in range: shifting the (sign-extended) value puts the sign copies above
            // High Bit and zeros below the stored bits; truncation to the cell drops the rest.
            var cell = (ulong)(v << shift);
            switch (cellBits)
            {
                case 8:
                    destination[i] = (byte)cell;
                    break;
                case 16:
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], (ushort)cell);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], (uint)cell);
                    break;
            }
        }
    }

    /// <summary>Writes typed samples as a new native frame.</summary>
    public static byte[] ToFrame<T>(PixelDataDescription description, ReadOnlySpan<T> samples, SampleOverflow overflow = SampleOverflow.Throw)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(description);
        var frame = new byte[description.FrameLength];
        Write(description, samples, frame, overflow);
        return frame;
    }

    /// <summary>True when every value Bits Stored and Pixel Representation allow fits in <typeparamref name="T"/>.</summary>
    public static bool CanHold<T>(PixelDataDescription description)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ArgumentNullException.ThrowIfNull(description);
        return long.CreateSaturating(T.MinValue) <= description.MinStoredValue
            && long.CreateSaturating(T.MaxValue) >= description.MaxStoredValue;
    }

    private static long Extract(ulong cell, int shift, ulong mask, long signBit, bool signed)
    {
        var v = (long)((cell >> shift) & mask);
        return signed ? (v ^ signBit) - signBit : v;
    }

    private static void CheckType<T>(PixelDataDescription description)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (!CanHold<T>(description))
        {
            throw new DicomImagingException(
                $"{typeof(T).Name} cannot hold {(description.IsSigned ? "signed" : "unsigned")} samples of {description.BitsStored} bits stored (range {description.MinStoredValue}..{description.MaxStoredValue}).");
        }
    }

    private static void CheckLengths(PixelDataDescription description, int frameBytes, int samples)
    {
        if (frameBytes != description.FrameLength)
        {
            throw new ArgumentException($"A frame is {description.FrameLength} bytes, the buffer given is {frameBytes}.");
        }

        if (samples != description.SamplesPerFrame)
        {
            throw new ArgumentException($"A frame has {description.SamplesPerFrame} samples, the sample buffer given has {samples}.");
        }
    }

    private static DicomImagingException OutOfRange(PixelDataDescription description, int index, long value) => new(
        $"Sample {index} of the frame is {value}, outside {description.MinStoredValue}..{description.MaxStoredValue} allowed by Bits Stored {description.BitsStored} ({(description.IsSigned ? "signed" : "unsigned")}).");
}
