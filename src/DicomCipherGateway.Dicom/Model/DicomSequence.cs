namespace DicomCipherGateway.Dicom.Model;

/// <summary>A sequence of items (SQ), each a nested dataset.</summary>
public sealed class DicomSequence : DicomItem
{
    private readonly List<DicomDataset> items = [];

    public DicomSequence(DicomTag tag, params IEnumerable<DicomDataset> items) : this(tag, DicomVR.SQ, items)
    {
    }

    /// <summary>A sequence read with another VR on the wire: an undefined-length UN holds implicit VR LE items (CP-246).</summary>
    internal DicomSequence(DicomTag tag, DicomVR vr, params IEnumerable<DicomDataset> items) : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    public IReadOnlyList<DicomDataset> Items => items;

    /// <summary>How the sequence's own length was encoded when read; new sequences use undefined length.</summary>
    public LengthEncoding LengthEncoding { get; set; } = LengthEncoding.Undefined;

    /// <summary>Appends an item; it inherits this sequence's dataset character set unless it declares its own.</summary>
    public void Add(DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Parent = Parent;
        items.Add(item);
    }

    public bool Remove(DicomDataset item) => items.Remove(item);

    internal DicomDataset? Parent
    {
        get;
        set
        {
            field = value;
            foreach (var item in items)
            {
                item.Parent = value;
            }
        }
    }
}
