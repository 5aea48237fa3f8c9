using System.Numerics;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// The Pixel Data (7FE0,0010) of a dataset as frames: native values or encapsulated fragments
/// (RLE Lossless decoded; other compressed syntaxes only as their encoded bytes). Frames are
/// produced one at a time and never joined into one array.
/// </summary>
/// <remarks>
/// The data layer keeps binary values little endian in memory whatever the transfer syntax
/// (Explicit VR Big Endian OW is word-swapped when read), so native frames are always read as
/// <see cref="PixelDataByteOrder.LittleEndian"/>. A deferred value (left in its file) is read
/// frame by frame. Setting a frame changes the dataset's Pixel Data: native values are copied
/// into one writable buffer on the first change; an RLE frame is re-encoded into one fragment
/// and the offset tables that were present are recomputed. Not thread-safe, like the dataset.
/// </remarks>
public sealed class DicomPixelData
{
    private readonly DicomDataset _dataset;
    private EncapsulatedFrameMap? _frames;
    private byte[]? _writableNative;

    private DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax, PixelDataDescription description)
    {
        _dataset = dataset;
        TransferSyntax = syntax;
        Description = description;
    }

    /// <summary>The Image Pixel Module the frames follow.</summary>
    public PixelDataDescription Description { get; }

    /// <summary>The transfer syntax the dataset's Pixel Data is encoded in.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>True when Pixel Data is a sequence of fragments.</summary>
    public bool IsEncapsulated => TransferSyntax.IsEncapsulated;

    /// <summary>True when frames can be decoded (native or RLE Lossless).</summary>
    public bool CanDecode => !IsEncapsulated || IsRle(TransferSyntax);

    public int FrameCount => Description.NumberOfFrames;

    /// <summary>
    /// The pixel data of <paramref name="dataset"/> encoded in <paramref name="syntax"/>. Throws
    /// <see cref="DicomImagingException"/> naming the attribute when group 0028 or Pixel Data is
    /// missing or inconsistent with the syntax.
    /// </summary>
    public static DicomPixelData FromDataset(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var item = dataset[DicomTags.PixelData]
            ?? throw new DicomImagingException("The dataset has no Pixel Data (7FE0,0010).");
        var description = ImagePixelModule.Describe(dataset);
        var pixels = new DicomPixelData(dataset, syntax, description);
        switch (item)
        {
            case DicomFragmentSequence when !syntax.IsEncapsulated:
                throw new DicomImagingException($"Pixel Data (7FE0,0010) is encapsulated but the transfer syntax {syntax.Name} is native.");
            case DicomElement when syntax.IsEncapsulated:
                throw new DicomImagingException($"Pixel Data (7FE0,0010) is native but the transfer syntax {syntax.Name} is encapsulated.");
            case DicomElement element:
                NativePixelData.CheckLength(description, element.Length);
                return pixels;
            case DicomFragmentSequence:
                return pixels;
            default:
                throw new DicomImagingException($"Pixel Data (7FE0,0010) is a {item.GetType().Name}, neither a value nor fragments.");
        }
    }

    /// <summary>Frame <paramref name="index"/>, decoded and normalised (little-endian cells, bit 0 first).</summary>
    public NativeFrame GetFrame(int index)
    {
        CheckIndex(index);
        if (!IsEncapsulated)
        {
            return GetNativeFrame(index);
        }

        RequireRle("decode");
        var fragment = GetEncodedFrame(index);
        return new NativeFrame(Description, index, RleDecoder.Decode(Description, fragment.Span));
    }

    /// <summary>Decodes frame <paramref name="index"/>, normalised, into <paramref name="destination"/> (<see cref="PixelDataDescription.FrameLength"/> bytes).</summary>
    public void CopyFrame(int index, Span<byte> destination)
    {
        CheckIndex(index);
        if (destination.Length != Description.FrameLength)
        {
            throw new ArgumentException($"A frame is {Description.FrameLength} bytes, the destination is {destination.Length}.", nameof(destination));
        }

        if (!IsEncapsulated)
        {
            GetNativeFrame(index).Data.Span.CopyTo(destination);
            return;
        }

        RequireRle("decode");
        RleDecoder.Decode(Description, GetEncodedFrame(index).Span, destination);
    }

    /// <summary>The frames in order, each decoded only when the enumeration reaches it.</summary>
    public IEnumerable<NativeFrame> EnumerateFrames()
    {
        for (var i = 0; i < FrameCount; i++)
        {
            yield return GetFrame(i);
        }
    }

    /// <summary>Frame <paramref name="index"/> as typed samples (see <see cref="FrameSamples"/>).</summary>
    public T[] GetFrameSamples<T>(int index)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => GetFrame(index).ToSamples<T>();

    /// <summary>
    /// The encoded bytes of frame <paramref name="index"/> of encapsulated Pixel Data: its
    /// fragments' values, joined only when the frame spans more than one fragment.
    /// </summary>
    public ReadOnlyMemory<byte> GetEncodedFrame(int index)
    {
        CheckIndex(index);
        if (!IsEncapsulated)
        {
            throw new InvalidOperationException("Native pixel data has no encoded frames; use GetFrame.");
        }

        var fragments = Fragments();
        var (first, count) = FrameMap()[index];
        if (count == 1)
        {
            return fragments.Fragments[first].GetMemory();
        }

        var total = 0L;
        for (var f = first; f < first + count; f++)
        {
            total += fragments.Fragments[f].Length;
        }

        if (total > Array.MaxLength)
        {
            throw new DicomImagingException($"Frame {index} of Pixel Data (7FE0,0010) spans {total} bytes, more than one array holds.");
        }

        var joined = new byte[total];
        var at = 0;
        for (var f = first; f < first + count; f++)
        {
            var value = fragments.Fragments[f];
            value.CopyTo(0, joined.AsSpan(at, (int)value.Length));
            at += (int)value.Length;
        }

        return joined;
    }

    /// <summary>Replaces frame <paramref name="index"/> with a normalised frame (<see cref="PixelDataDescription.FrameLength"/> bytes).</summary>
    public void SetFrame(int index, ReadOnlySpan<byte> frame)
    {
        CheckIndex(index);
        if (frame.Length != Description.FrameLength)
        {
            throw new ArgumentException($"A frame is {Description.FrameLength} bytes, the one given is {frame.Length}.", nameof(frame));
        }

        if (IsEncapsulated)
        {
            RequireRle("encode");
            SetEncodedFrame(index, RleEncoder.Encode(Description, frame));
            return;
        }

        var buffer = WritableNative();
        var bitStart = Description.FrameBitOffset(index);
        if (Description.BitsAllocated != 1)
        {
            frame.CopyTo(buffer.AsSpan(checked((int)(bitStart / 8))));
            return;
        }

        // 1-bit frames follow each other without padding: write bit by bit from the frame's first bit.
        var bits = Description.FrameLengthInBits;
        for (long i = 0; i < bits; i++)
        {
            var bit = (frame[(int)(i >> 3)] >> (int)(i & 7)) & 1;
            var target = bitStart + i;
            ref var cell = ref buffer[target >> 3];
            var mask = (byte)(1 << (int)(target & 7));
            cell = (byte)(bit != 0 ? cell | mask : cell & ~mask);
        }
    }

    /// <summary>Replaces frame <paramref name="index"/> with typed samples (out-of-range values refused unless <paramref name="overflow"/> says otherwise).</summary>
    public void SetFrameSamples<T>(int index, ReadOnlySpan<T> samples, SampleOverflow overflow = SampleOverflow.Throw)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        SetFrame(index, FrameSamples.ToFrame(Description, samples, overflow));

    internal static bool IsRle(DicomTransferSyntax syntax) => syntax.Uid == DicomTransferSyntax.RLELossless.Uid;

    private NativeFrame GetNativeFrame(int index)
    {
        var value = NativeValue();
        if (value.IsMaterialized)
        {
            return new NativePixelData(Description, value.GetMemory()).GetFrame(index);
        }

        // A value left in its file: read only this frame's bytes.
        var layout = NativeFrameLayout.For(Description, PixelDataByteOrder.LittleEndian, index);
        var raw = new byte[layout.RawLength];
        var available = (int)(Math.Min(layout.RawEnd, value.Length) - layout.RawStart);
        value.CopyTo(layout.RawStart, raw.AsSpan(0, available));
        var frame = new byte[Description.FrameLength];
        layout.Normalise(raw, frame);
        return new NativeFrame(Description, index, frame);
    }

    private DicomValue NativeValue() => ((DicomElement)_dataset[DicomTags.PixelData]!).Value;

    private byte[] WritableNative()
    {
        if (_writableNative is not null)
        {
            return _writableNative;
        }

        var element = (DicomElement)_dataset[DicomTags.PixelData]!;
        if (element.Length > Array.MaxLength)
        {
            throw new DicomImagingException($"Pixel Data (7FE0,0010) of {element.Length} bytes is too large to change in memory.");
        }

        var buffer = new byte[element.Length];
        element.Value.CopyTo(0, buffer);
        _dataset.Set(new DicomElement(DicomTags.PixelData, element.VR, DicomValue.FromMemory(buffer)));
        _writableNative = buffer;
        return buffer;
    }

    private void SetEncodedFrame(int index, byte[] fragment)
    {
        var old = Fragments();
        var map = FrameMap();
        var hadBasic = old.BasicOffsetTable.Length > 0;
        var hadExtended = _dataset.Contains(DicomTags.ExtendedOffsetTable);
        var values = new List<DicomValue>(old.Fragments.Count);
        for (var frame = 0; frame < FrameCount; frame++)
        {
            if (frame == index)
            {
                values.Add(DicomValue.FromMemory(fragment));
                continue;
            }

            var (first, count) = map[frame];
            for (var f = first; f < first + count; f++)
            {
                values.Add(old.Fragments[f]);
            }
        }

        var fragmentsPerFrame = Enumerable.Range(0, FrameCount).Select(f => f == index ? 1 : map[f].Count).ToArray();
        var rebuilt = EncapsulatedPixelData.Build(values, fragmentsPerFrame, hadBasic ? OffsetTable.Basic : OffsetTable.None);
        _dataset.Set(rebuilt);
        if (hadExtended)
        {
            EncapsulatedPixelData.SetExtendedOffsetTable(_dataset, values, fragmentsPerFrame);
        }

        _frames = null;
    }

    private DicomFragmentSequence Fragments() => (DicomFragmentSequence)_dataset[DicomTags.PixelData]!;

    private EncapsulatedFrameMap FrameMap() => _frames ??= EncapsulatedFrameMap.Build(_dataset, Fragments(), FrameCount);

    private void RequireRle(string action)
    {
        if (!IsRle(TransferSyntax))
        {
            throw new DicomCodecException($"no codec for {TransferSyntax.Name} ({TransferSyntax.Uid}) to {action} frames");
        }
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the pixel data has {FrameCount} frame(s)");
        }
    }
}
