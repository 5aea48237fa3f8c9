using System.Collections.Frozen;
using System.Globalization;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>
/// Lookup of PS3.6 data elements and UIDs. Immutable: <see cref="Default"/> is pure static data
/// built once from the generated tables, so it is safe to share between threads.
/// </summary>
public sealed class DicomDictionary
{
    private static readonly Lazy<DicomDictionary> LazyDefault = new(() => new DicomDictionary(DicomDictionaryData.Elements, DicomDictionaryData.Uids));

    private static readonly DicomDictionaryEntry GroupLength = new(new DicomTag(0), 0x0000FFFF, [DicomVR.UL], "1", "GroupLength", "Group Length", false);
    private static readonly DicomDictionaryEntry PrivateCreator = new(new DicomTag(0x00090010), 0, [DicomVR.LO], "1", "PrivateCreator", "Private Creator", false);

    private readonly FrozenDictionary<uint, DicomDictionaryEntry> exact;
    private readonly DicomDictionaryEntry[] masked;
    private readonly FrozenDictionary<string, DicomDictionaryEntry> byKeyword;
    private readonly FrozenDictionary<string, DicomUidEntry> uids;

    private DicomDictionary(string elements, string uidTable)
    {
        var exactList = new Dictionary<uint, DicomDictionaryEntry>();
        var maskedList = new List<DicomDictionaryEntry>();
        var keywords = new Dictionary<string, DicomDictionaryEntry>(StringComparer.Ordinal);
        foreach (var line in elements.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length < 7)
            {
                continue;
            }

            var vrs = f[2].Length == 0 ? [] : f[2].Split('|').Select(DicomVR.Parse).ToArray();
            var entry = new DicomDictionaryEntry(
                new DicomTag(uint.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                uint.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                vrs, f[3], f[4], f[5], f[6] == "R");
            if (entry.Mask == 0xFFFFFFFF)
            {
                exactList[entry.Tag.Value] = entry;
            }
            else
            {
                maskedList.Add(entry);
            }

            keywords.TryAdd(entry.Keyword, entry);
        }

        exact = exactList.ToFrozenDictionary();
        masked = [.. maskedList];
        byKeyword = keywords.ToFrozenDictionary(StringComparer.Ordinal);

        var uidMap = new Dictionary<string, DicomUidEntry>(StringComparer.Ordinal);
        foreach (var line in uidTable.Split('\n'))
        {
            var f = line.Split('\t');
            if (f.Length >= 5)
            {
                uidMap.TryAdd(f[0], new DicomUidEntry(f[0], f[1], f[2], f[3], f[4] == "R"));
            }
        }

        foreach (var ts in DicomTransferSyntax.All)
        {
            uidMap[ts.Uid] = new DicomUidEntry(ts.Uid, ts.Keyword, ts.Name, "TransferSyntax", ts.IsRetired);
        }

        uids = uidMap.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The PS3.6 dictionary (2022b elements, the UIDs of DCMTK 3.6.8, the transfer syntaxes of Table A-1).</summary>
    public static DicomDictionary Default => LazyDefault.Value;

    /// <summary>Number of element entries (repeating groups count once).</summary>
    public int ElementCount => exact.Count + masked.Length;

    public IEnumerable<DicomUidEntry> Uids => uids.Values;

    /// <summary>
    /// The entry for a public tag, group lengths (gggg,0000) and private creators (gggg,0010-00FF).
    /// Private data elements are not in PS3.6; they return null (read them as UN or with their explicit VR).
    /// </summary>
    public DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (exact.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.Element == 0x0000)
        {
            return GroupLength;
        }

        if (tag.IsPrivateCreator)
        {
            return PrivateCreator;
        }

        if ((tag.Group & 1) == 0)
        {
            foreach (var m in masked)
            {
                if (m.Matches(tag))
                {
                    return m;
                }
            }
        }

        return null;
    }

    /// <summary>The entry for a keyword such as <c>PatientName</c>, or null.</summary>
    public DicomDictionaryEntry? Lookup(string keyword) => byKeyword.GetValueOrDefault(keyword);

    public DicomUidEntry? LookupUid(string uid) => uids.GetValueOrDefault(uid.TrimEnd('\0', ' '));

    /// <summary>The VR implicit VR streams imply for a tag: the dictionary's default, UN for unknown tags.</summary>
    public DicomVR ImplicitVR(DicomTag tag)
    {
        var e = Lookup(tag);
        return e is null || e.DefaultVR == DicomVR.None ? DicomVR.UN : e.DefaultVR;
    }
}
