using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// Which fragments of encapsulated Pixel Data make up each frame (PS3.5 §A.4): from the
/// Extended Offset Table (7FE0,0001) when present, else the Basic Offset Table, else one
/// fragment per frame when the counts match, else all fragments for a single frame.
/// </summary>
/// <remarks>
/// Offsets in both tables count from the first byte of the first fragment's item tag, and
/// each fragment item is 8 header bytes plus its value; an offset that does not land on a
/// fragment's item tag is an error rather than a guess.
/// </remarks>
internal sealed class EncapsulatedFrameMap
{
    private readonly int[] _firstFragment;

    private EncapsulatedFrameMap(int[] firstFragment, int fragmentCount)
    {
        _firstFragment = firstFragment;
        FragmentCount = fragmentCount;
    }

    public int FrameCount => _firstFragment.Length;

    public int FragmentCount { get; }

    /// <summary>The first fragment of frame <paramref name="frame"/> and how many fragments it spans.</summary>
    public (int First, int Count) this[int frame]
    {
        get
        {
            var first = _firstFragment[frame];
            var end = frame + 1 < _firstFragment.Length ? _firstFragment[frame + 1] : FragmentCount;
            return (first, end - first);
        }
    }

    public static EncapsulatedFrameMap Build(DicomDataset dataset, DicomFragmentSequence fragments, int frameCount)
    {
        var count = fragments.Fragments.Count;
        if (count == 0)
        {
            throw new DicomImagingException("Encapsulated Pixel Data (7FE0,0010) has no fragments.");
        }

        var offsets = ReadOffsets(dataset, fragments);
        if (offsets is not null)
        {
            if (offsets.Length != frameCount)
            {
                throw new DicomImagingException(
                    $"The offset table of Pixel Data (7FE0,0010) lists {offsets.Length} frame(s); Number of Frames (0028,0008) is {frameCount}.");
            }

            return new EncapsulatedFrameMap(MapOffsets(fragments, offsets), count);
        }

        if (count == frameCount)
        {
            return new EncapsulatedFrameMap(Enumerable.Range(0, count).ToArray(), count);
        }

        if (frameCount == 1)
        {
            return new EncapsulatedFrameMap([0], count);
        }

        throw new DicomImagingException(
            $"Pixel Data (7FE0,0010) has {count} fragments for {frameCount} frames and no offset table, so the frames cannot be told apart.");
    }

    /// <summary>The Extended Offset Table if present, else the Basic Offset Table if filled, else null.</summary>
    private static ulong[]? ReadOffsets(DicomDataset dataset, DicomFragmentSequence fragments)
    {
        if (dataset.GetElement(DicomTags.ExtendedOffsetTable) is { Length: > 0 } extended)
        {
            if (extended.Length % 8 != 0)
            {
                throw new DicomImagingException($"Extended Offset Table (7FE0,0001) has {extended.Length} bytes, not a multiple of 8.");
            }

            return extended.GetValues<ulong>();
        }

        if (fragments.BasicOffsetTable.Length == 0)
        {
            return null;
        }

        if (fragments.BasicOffsetTable.Length % 4 != 0)
        {
            throw new DicomImagingException($"The Basic Offset Table of Pixel Data (7FE0,0010) has {fragments.BasicOffsetTable.Length} bytes, not a multiple of 4.");
        }

        return Array.ConvertAll(fragments.GetBasicOffsets(), o => (ulong)o);
    }

    private static int[] MapOffsets(DicomFragmentSequence fragments, ulong[] offsets)
    {
        var first = new int[offsets.Length];
        var fragment = 0;
        ulong position = 0;
        for (var frame = 0; frame < offsets.Length; frame++)
        {
            while (fragment < fragments.Fragments.Count && position < offsets[frame])
            {
                position += 8 + (ulong)fragments.Fragments[fragment].Length;
                fragment++;
            }

            if (position != offsets[frame] || fragment >= fragments.Fragments.Count || (frame > 0 && fragment == first[frame - 1]))
            {
                throw new DicomImagingException(
                    $"The offset table of Pixel Data (7FE0,0010) gives offset {offsets[frame]} for frame {frame}, which is not the start of a fragment after the previous frame's.");
            }

            first[frame] = fragment;
        }

        return first;
    }
}
