using System.Collections.Frozen;
using System.Text.RegularExpressions;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Dictionary;

/// <summary>
/// The storage SOP classes of the standard (PS3.4 Annex B and the non-patient objects of
/// Annex GG), current and retired, derived from the dictionary's UID table: a SOP class whose
/// keyword ends in Storage (or Storage For Presentation/Processing). Media Storage Directory
/// Storage (DICOMDIR) is a media object, never sent by C-STORE, and is left out.
/// </summary>
public static partial class DicomStorageClasses
{
    private static readonly Lazy<Catalogue> LazyCatalogue = new(() => new Catalogue(DicomDictionary.Default));

    /// <summary>Every storage SOP class, retired ones included, in the dictionary's order.</summary>
    public static IReadOnlyList<DicomUidEntry> All => LazyCatalogue.Value.All;

    /// <summary>The storage SOP classes that are not retired.</summary>
    public static IReadOnlyList<DicomUidEntry> Current => LazyCatalogue.Value.Current;

    /// <summary>True when <paramref name="sopClassUid"/> is a storage SOP class of the standard (retired ones too).</summary>
    public static bool Contains(string sopClassUid) =>
        sopClassUid is not null && LazyCatalogue.Value.Uids.Contains(sopClassUid.TrimEnd('\0', ' '));

    /// <inheritdoc cref="Contains(string)"/>
    public static bool Contains(DicomUid sopClassUid) => Contains(sopClassUid.Value);

    /// <summary>The rule, on one dictionary entry (exposed for the tests that check it against the table).</summary>
    public static bool IsStorageClass(DicomUidEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Type != "SOPClass")
        {
            return false;
        }

        var keyword = RetiredSuffix().Replace(entry.Keyword, string.Empty);
        return StorageKeyword().IsMatch(keyword) && keyword != "MediaStorageDirectoryStorage";
    }

    [GeneratedRegex("(Trial)?Retired$")]
    private static partial Regex RetiredSuffix();

    [GeneratedRegex("Storage(ForPresentation|ForProcessing)?$")]
    private static partial Regex StorageKeyword();

    private sealed class Catalogue
    {
        public Catalogue(DicomDictionary dictionary)
        {
            All = [.. dictionary.Uids.Where(IsStorageClass).OrderBy(u => u.Uid, UidOrder.Instance)];
            Current = [.. All.Where(u => !u.IsRetired)];
            Uids = All.Select(u => u.Uid).ToFrozenSet(StringComparer.Ordinal);
        }

        public IReadOnlyList<DicomUidEntry> All { get; }

        public IReadOnlyList<DicomUidEntry> Current { get; }

        public FrozenSet<string> Uids { get; }
    }

    /// <summary>Numeric order of the UID components, so the list reads like PS3.6 Table A-1.</summary>
    private sealed class UidOrder : IComparer<string>
    {
        public static readonly UidOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? string.Empty).Split('.');
            var b = (y ?? string.Empty).Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = a[i].Length != b[i].Length ? a[i].Length.CompareTo(b[i].Length) : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
