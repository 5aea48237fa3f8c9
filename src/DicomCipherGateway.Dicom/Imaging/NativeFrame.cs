using System.Numerics;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// One frame of native pixel data, normalised: cells little-endian and, for Bits Allocated 1,
/// the first pixel at bit 0 of the first byte. <see cref="Data"/> is exactly
/// <see cref="PixelDataDescription.FrameLength"/> bytes and may share memory with the source.
/// </summary>
public sealed class NativeFrame
{
    internal NativeFrame(PixelDataDescription description, int index, ReadOnlyMemory<byte> data)
    {
        Description = description;
        Index = index;
        Data = data;
    }

    /// <summary>The description of the pixel data the frame belongs to.</summary>
    public PixelDataDescription Description { get; }

    /// <summary>The zero-based frame number.</summary>
    public int Index { get; }

    /// <summary>The frame's bytes (little-endian cells, bit-aligned).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Reads the frame's samples (see <see cref="FrameSamples.Read{T}"/>).</summary>
    public void ReadSamples<T>(Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        FrameSamples.Read(Description, Data.Span, destination);

    /// <summary>The frame's samples as a new array, in the frame's planar configuration.</summary>
    public T[] ToSamples<T>()
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        FrameSamples.ToArray<T>(Description, Data.Span);
}
