using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.IO.Writing;

/// <summary>Encoded sizes of datasets, sequences and items, needed only for defined-length sequences.</summary>
internal static class DicomLengthCalculator
{
    /// <param name="cache">Lengths already computed per item, so a writer visiting nested defined-length sequences stays linear.</param>
    public static long Dataset(DicomDataset dataset, bool explicitVR, DicomWriteOptions options, Dictionary<DicomDataset, long>? cache = null)
    {
        if (cache is not null && cache.TryGetValue(dataset, out var known))
        {
            return known;
        }

        long total = 0;
        foreach (var item in dataset)
        {
            if (options.RemoveGroupLengths && item.Tag.Element == 0 && item.Tag.Group != 0x0002)
            {
                continue;
            }

            total += Item(item, explicitVR, options, cache);
        }

        cache?.Add(dataset, total);
        return total;
    }

    public static long Item(DicomItem item, bool explicitVR, DicomWriteOptions options, Dictionary<DicomDataset, long>? cache = null) => item switch
    {
        DicomElement e => HeaderLength(e.VR, e.Length, explicitVR) + e.Length,
        DicomSequence s => (explicitVR ? 12 : 8) + SequenceContent(s, InnerExplicit(s, explicitVR, options), options, cache) + (IsUndefined(s.LengthEncoding, options) ? 8 : 0),
        DicomFragmentSequence f => (explicitVR ? 12 : 8) + 8 + f.BasicOffsetTable.Length + f.Fragments.Sum(x => 8 + x.Length) + 8,
        _ => throw new InvalidOperationException($"unknown item type {item.GetType().Name}"),
    };

    /// <summary>Items of an undefined-length UN sequence are implicit VR (CP-246); defined-length ones become SQ.</summary>
    public static bool InnerExplicit(DicomSequence s, bool explicitVR, DicomWriteOptions options) =>
        explicitVR && !(s.VR == DicomVR.UN && IsUndefined(s.LengthEncoding, options));

    public static long SequenceContent(DicomSequence sequence, bool explicitVR, DicomWriteOptions options, Dictionary<DicomDataset, long>? cache = null)
    {
        long total = 0;
        foreach (var ds in sequence.Items)
        {
            total += 8 + Dataset(ds, explicitVR, options, cache) + (IsUndefined(ds.ItemLengthEncoding, options) ? 8 : 0);
        }

        return total;
    }

    public static int HeaderLength(DicomVR vr, long length, bool explicitVR) =>
        !explicitVR ? 8 : vr.Info.HasLongExplicitLength || length > ushort.MaxValue || !vr.IsKnown ? 12 : 8;

    public static bool IsUndefined(LengthEncoding asRead, DicomWriteOptions options) => options.SequenceLengths switch
    {
        SequenceLengthMode.Defined => false,
        SequenceLengthMode.Undefined => true,
        _ => asRead == LengthEncoding.Undefined,
    };
}
