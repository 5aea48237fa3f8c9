using System.Globalization;

namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// A data element tag (group, element) as a value type over one <see cref="uint"/>.
/// The private creator is deliberately not part of a tag's identity: private blocks are
/// resolved by the dataset at lookup time (PS3.5 §7.8.1).
/// </summary>
public readonly record struct DicomTag(uint Value) : IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) : this(((uint)group << 16) | element) { }

    public ushort Group => (ushort)(Value >> 16);

    public ushort Element => (ushort)Value;

    /// <summary>Odd groups other than 0001, 0003, 0005, 0007 and FFFF hold private data elements.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0007 && Group != 0xFFFF;

    /// <summary>(gggg,0010)–(gggg,00FF) in a private group reserve a block for a Private Creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");

    /// <summary>Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee".</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a DICOM tag; expected (gggg,eeee) in hexadecimal.");
        }

        return new DicomTag(value);
    }
}
