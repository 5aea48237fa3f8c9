using DicomCipherGateway.Dicom.IO.Values;

namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item followed by fragments. Frames
/// are not joined; the Extended Offset Table, when present, is the dataset's (7FE0,0001)/(7FE0,0002).
/// </summary>
public sealed class DicomFragmentSequence : DicomItem
{
    private readonly List<DicomValue> fragments = [];

    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomValue basicOffsetTable) : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(basicOffsetTable);
        BasicOffsetTable = basicOffsetTable;
    }

    /// <summary>The first item: empty, or one 32-bit offset per frame.</summary>
    public DicomValue BasicOffsetTable { get; set; }

    public IReadOnlyList<DicomValue> Fragments => fragments;

    public void Add(DicomValue fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        fragments.Add(fragment);
    }

    /// <summary>The Basic Offset Table as offsets (empty when the table is empty).</summary>
    public uint[] GetBasicOffsets()
    {
        var bytes = BasicOffsetTable.GetMemory().Span;
        var offsets = new uint[bytes.Length / 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
        }

        return offsets;
    }
}
