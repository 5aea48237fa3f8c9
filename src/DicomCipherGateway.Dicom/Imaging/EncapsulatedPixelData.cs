using System.Buffers.Binary;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>Builds encapsulated Pixel Data (PS3.5 §A.4) and its offset tables from fragments.</summary>
internal static class EncapsulatedPixelData
{
    /// <summary>Item tag and 32-bit length before every fragment's value.</summary>
    private const int ItemHeaderLength = 8;

    /// <summary>A fragment sequence holding <paramref name="fragments"/>, frame by frame.</summary>
    public static DicomFragmentSequence Build(IReadOnlyList<DicomValue> fragments, IReadOnlyList<int> fragmentsPerFrame, OffsetTable table)
    {
        var offsets = table == OffsetTable.Basic ? FrameOffsets(fragments, fragmentsPerFrame) : null;
        DicomValue basic = DicomValue.Empty;
        if (offsets is not null && offsets[^1] <= uint.MaxValue)
        {
            var bytes = new byte[4 * offsets.Length];
            for (var i = 0; i < offsets.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), (uint)offsets[i]);
            }

            basic = DicomValue.FromMemory(bytes);
        }

        var sequence = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, basic);
        foreach (var fragment in fragments)
        {
            if ((fragment.Length & 1) != 0)
            {
                throw new DicomImagingException($"A Pixel Data fragment of {fragment.Length} bytes has an odd length; fragments must be padded to even length.");
            }

            sequence.Add(fragment);
        }

        return sequence;
    }

    /// <summary>Sets Extended Offset Table (7FE0,0001) and its Lengths (7FE0,0002) for the fragments.</summary>
    public static void SetExtendedOffsetTable(DicomDataset dataset, IReadOnlyList<DicomValue> fragments, IReadOnlyList<int> fragmentsPerFrame)
    {
        var offsets = FrameOffsets(fragments, fragmentsPerFrame);
        var lengths = new ulong[offsets.Length];
        var f = 0;
        for (var frame = 0; frame < fragmentsPerFrame.Count; frame++)
        {
            for (var i = 0; i < fragmentsPerFrame[frame]; i++, f++)
            {
                lengths[frame] += (ulong)fragments[f].Length;
            }
        }

        dataset.SetValues(DicomTags.ExtendedOffsetTable, DicomVR.OV, offsets);
        dataset.SetValues(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, lengths);
    }

    /// <summary>Removes the Extended Offset Table, which describes fragments that are gone.</summary>
    public static void RemoveExtendedOffsetTable(DicomDataset dataset)
    {
        dataset.Remove(DicomTags.ExtendedOffsetTable);
        dataset.Remove(DicomTags.ExtendedOffsetTableLengths);
    }

    /// <summary>The offset of each frame's first fragment item from the first fragment's item tag.</summary>
    private static ulong[] FrameOffsets(IReadOnlyList<DicomValue> fragments, IReadOnlyList<int> fragmentsPerFrame)
    {
        var offsets = new ulong[fragmentsPerFrame.Count];
        ulong position = 0;
        var f = 0;
        for (var frame = 0; frame < fragmentsPerFrame.Count; frame++)
        {
            offsets[frame] = position;
            for (var i = 0; i < fragmentsPerFrame[frame]; i++, f++)
            {
                position += ItemHeaderLength + (ulong)fragments[f].Length;
            }
        }

        return offsets;
    }
}
