using System.Collections;
using DicomCipherGateway.Dicom.CharacterSets;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Values;

namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// A set of data elements kept in ascending tag order (a sorted list searched by binary search).
/// Not thread-safe: one owner at a time. There are no static settings; the transfer syntax belongs
/// to the file or message that carries the dataset, not to the dataset.
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomItem>
{
    private static readonly DicomTag SpecificCharacterSetTag = new(0x00080005);
    private readonly List<DicomItem> items = [];
    private DicomCharacterSet? characterSet;

    public DicomDataset() { }

    public DicomDataset(params IEnumerable<DicomItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Set(item);
        }
    }

    public int Count => items.Count;

    /// <summary>How this dataset's item length was encoded when it was read as a sequence item.</summary>
    public LengthEncoding ItemLengthEncoding { get; set; } = LengthEncoding.Undefined;

    /// <summary>
    /// The character set for text values: this dataset's Specific Character Set (0008,0005), else the
    /// enclosing dataset's (PS3.5 §7.5.3), else the default repertoire. A term the library does not
    /// know falls back to the default repertoire (Latin-1, which keeps every byte) rather than making
    /// the dataset unreadable; <see cref="DicomCharacterSet.FromSpecificCharacterSet"/> reports it.
    /// </summary>
    public DicomCharacterSet CharacterSet => characterSet ??= ResolveCharacterSet();

    internal DicomDataset? Parent
    {
        get;
        set
        {
            field = value;
            InvalidateCharacterSet();
        }
    }

    public DicomItem? this[DicomTag tag] => TryGetItem(tag, out var item) ? item : null;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public bool TryGetItem(DicomTag tag, out DicomItem item)
    {
        var i = IndexOf(tag);
        item = i >= 0 ? items[i] : null!;
        return i >= 0;
    }

    public DicomElement? GetElement(DicomTag tag) => this[tag] as DicomElement;

    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    public DicomFragmentSequence? GetFragments(DicomTag tag) => this[tag] as DicomFragmentSequence;

    /// <summary>The element's text (all values, backslashes kept), or null when absent.</summary>
    public string? GetString(DicomTag tag) => GetElement(tag) is { } e ? e.GetString(e.VR.Info.UsesSpecificCharacterSet ? CharacterSet : null) : null;

    /// <summary>The element's values, or an empty array when absent.</summary>
    public string[] GetStrings(DicomTag tag) => GetElement(tag) is { } e ? e.GetStrings(e.VR.Info.UsesSpecificCharacterSet ? CharacterSet : null) : [];

    public T[] GetValues<T>(DicomTag tag)
        where T : unmanaged => GetElement(tag)?.GetValues<T>() ?? [];

    /// <summary>One value; throws <see cref="KeyNotFoundException"/> when the element is absent.</summary>
    public T GetValue<T>(DicomTag tag, int index = 0)
        where T : unmanaged =>
        (GetElement(tag) ?? throw new KeyNotFoundException($"{tag} is not in the dataset.")).GetValue<T>(index);

    public bool TryGetValue<T>(DicomTag tag, out T value)
        where T : unmanaged
    {
        var e = GetElement(tag);
        if (e is null || e.Length == 0)
        {
            value = default;
            return false;
        }

        value = e.GetValue<T>();
        return true;
    }

    /// <summary>Adds the item, replacing any item with the same tag.</summary>
    public void Set(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item is DicomSequence sq)
        {
            sq.Parent = this;
        }

        var i = IndexOf(item.Tag);
        if (i >= 0)
        {
            items[i] = item;
        }
        else
        {
            items.Insert(~i, item);
        }

        if (item.Tag == SpecificCharacterSetTag)
        {
            InvalidateCharacterSet();
        }
    }

    /// <summary>Sets a text element with the VR the dictionary gives for the tag.</summary>
    public void SetString(DicomTag tag, string value) => SetString(tag, DictionaryVR(tag), value);

    public void SetString(DicomTag tag, DicomVR vr, string value) => Set(DicomElement.FromString(tag, vr, value, tag == SpecificCharacterSetTag ? null : CharacterSet));

    public void SetStrings(DicomTag tag, DicomVR vr, IEnumerable<string> values) => SetString(tag, vr, string.Join('\\', values));

    public void SetValues<T>(DicomTag tag, DicomVR vr, params ReadOnlySpan<T> values)
        where T : unmanaged => Set(DicomElement.FromValues(tag, vr, values));

    /// <summary>Sets a binary element with the VR the dictionary gives for the tag.</summary>
    public void SetValues<T>(DicomTag tag, params ReadOnlySpan<T> values)
        where T : unmanaged => Set(DicomElement.FromValues(tag, DictionaryVR(tag), values));

    public void SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) => Set(new DicomElement(tag, vr, DicomValue.FromMemory(bytes)));

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }

        items.RemoveAt(i);
        if (tag == SpecificCharacterSetTag)
        {
            InvalidateCharacterSet();
        }

        return true;
    }

    /// <summary>Removes every item whose tag matches.</summary>
    public int RemoveAll(Func<DicomTag, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var n = items.RemoveAll(i => predicate(i.Tag));
        InvalidateCharacterSet();
        return n;
    }

    /// <summary>
    /// The tag of a private element (PS3.5 §7.8.1): finds the block reserved by <paramref name="creator"/>
    /// in <paramref name="group"/> and returns (group, block &lt;&lt; 8 | <paramref name="elementOffset"/>), or null.
    /// </summary>
    public DicomTag? FindPrivateTag(ushort group, string creator, byte elementOffset)
    {
        ArgumentNullException.ThrowIfNull(creator);
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var e = GetElement(new DicomTag(group, block));
            if (e is not null && string.Equals(e.GetString(CharacterSet), creator.Trim(), StringComparison.Ordinal))
            {
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
        }

        return null;
    }

    /// <summary>Like <see cref="FindPrivateTag"/>, reserving the first free block for the creator when it has none.</summary>
    public DicomTag ReservePrivateTag(ushort group, string creator, byte elementOffset)
    {
        if (FindPrivateTag(group, creator, elementOffset) is { } found)
        {
            return found;
        }

        if ((group & 1) == 0 || group <= 0x0007)
        {
            throw new ArgumentOutOfRangeException(nameof(group), $"{group:X4} is not a private group.");
        }

        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var tag = new DicomTag(group, block);
            if (!Contains(tag))
            {
                SetString(tag, DicomVR.LO, creator);
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
        }

        throw new InvalidOperationException($"group {group:X4} has no free private block.");
    }

    /// <summary>The Private Creator that reserved the block of a private data element, or null.</summary>
    public string? GetPrivateCreator(DicomTag tag)
    {
        if (!tag.IsPrivate || tag.Element < 0x1000)
        {
            return null;
        }

        return GetElement(new DicomTag(tag.Group, (ushort)(tag.Element >> 8)))?.GetString(CharacterSet);
    }

    /// <summary>
    /// A copy that can be changed without touching this dataset. Elements are immutable and shared
    /// (values are not copied); sequences and their items are copied.
    /// </summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset { ItemLengthEncoding = ItemLengthEncoding };
        foreach (var item in items)
        {
            copy.items.Add(item switch
            {
                DicomSequence sq => CloneSequence(sq),
                DicomFragmentSequence f => CloneFragments(f),
                _ => item,
            });
            if (copy.items[^1] is DicomSequence s)
            {
                s.Parent = copy;
            }
        }

        return copy;
    }

    public IEnumerator<DicomItem> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Appends an item known to sort after every item present (the reader's fast path).</summary>
    internal void AddSorted(DicomItem item)
    {
        if (items.Count > 0 && items[^1].Tag.CompareTo(item.Tag) >= 0)
        {
            Set(item);
            return;
        }

        if (item is DicomSequence sq)
        {
            sq.Parent = this;
        }

        items.Add(item);
        if (item.Tag == SpecificCharacterSetTag)
        {
            InvalidateCharacterSet();
        }
    }

    private DicomCharacterSet ResolveCharacterSet()
    {
        if (GetElement(SpecificCharacterSetTag) is not { } e)
        {
            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }

        try
        {
            return DicomCharacterSet.FromSpecificCharacterSet(e.GetStrings());
        }
        catch (DicomCharacterSetException)
        {
            return DicomCharacterSet.Default;
        }
    }

    private static DicomSequence CloneSequence(DicomSequence sq) =>
        new(sq.Tag, sq.VR, sq.Items.Select(i => i.Clone())) { LengthEncoding = sq.LengthEncoding };

    private static DicomFragmentSequence CloneFragments(DicomFragmentSequence f)
    {
        var copy = new DicomFragmentSequence(f.Tag, f.VR, f.BasicOffsetTable);
        foreach (var fragment in f.Fragments)
        {
            copy.Add(fragment);
        }

        return copy;
    }

    private void InvalidateCharacterSet()
    {
        characterSet = null;
        foreach (var item in items)
        {
            if (item is DicomSequence sq)
            {
                foreach (var child in sq.Items)
                {
                    child.InvalidateCharacterSet();
                }
            }
        }
    }

    private static DicomVR DictionaryVR(DicomTag tag) =>
        DicomDictionary.Default.Lookup(tag)?.DefaultVR is { } vr && vr != DicomVR.None
            ? vr
            : throw new ArgumentException($"{tag} is not in the dictionary; give its VR.", nameof(tag));

    private int IndexOf(DicomTag tag)
    {
        int lo = 0, hi = items.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = items[mid].Tag.Value.CompareTo(tag.Value);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
