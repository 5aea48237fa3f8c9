using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>The N-ACTION and N-EVENT-REPORT data sets of Storage Commitment Push Model (PS3.4 J.3.2, J.3.3).</summary>
internal static class StorageCommitmentCodec
{
    /// <summary>The well-known SOP instance of the Storage Commitment Push Model SOP class.</summary>
    public const string WellKnownInstanceUid = "1.2.840.10008.1.20.1.1";

    public static readonly DicomTag FailureReason = new(0x00081197);

    public static DicomDataset EncodeRequest(StorageCommitmentRequest request)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.TransactionUID, DicomVR.UI, request.TransactionUid);
        dataset.Set(References(DicomTags.ReferencedSOPSequence, request.References.Select(r => (r, (ushort?)null))));
        return dataset;
    }

    public static StorageCommitmentRequest DecodeRequest(DicomDataset dataset) =>
        new(Uid(dataset, DicomTags.TransactionUID), [.. Items(dataset, DicomTags.ReferencedSOPSequence).Select(i => i.Reference)]);

    public static DicomDataset EncodeResult(StorageCommitmentResult result)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.TransactionUID, DicomVR.UI, result.TransactionUid);
        if (result.Committed.Count > 0)
        {
            dataset.Set(References(DicomTags.ReferencedSOPSequence, result.Committed.Select(r => (r, (ushort?)null))));
        }

        if (result.Failed.Count > 0)
        {
            dataset.Set(References(DicomTags.FailedSOPSequence, result.Failed.Select(f => (f.Reference, (ushort?)f.FailureReason))));
        }

        return dataset;
    }

    public static StorageCommitmentResult DecodeResult(DicomDataset dataset) => new(
        Uid(dataset, DicomTags.TransactionUID),
        [.. Items(dataset, DicomTags.ReferencedSOPSequence).Select(i => i.Reference)],
        [.. Items(dataset, DicomTags.FailedSOPSequence).Select(i => new FailedSopReference(i.Reference, i.Reason ?? 0x0110))]);

    private static DicomSequence References(DicomTag tag, IEnumerable<(SopReference Reference, ushort? Reason)> references)
    {
        var items = new List<DicomDataset>();
        foreach (var (reference, reason) in references)
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, reference.SopClassUid);
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, reference.SopInstanceUid);
            if (reason is { } r)
            {
                item.SetValues(FailureReason, DicomVR.US, r);
            }

            items.Add(item);
        }

        return new DicomSequence(tag, items);
    }

    private static IEnumerable<(SopReference Reference, ushort? Reason)> Items(DicomDataset dataset, DicomTag tag)
    {
        if (dataset.GetSequence(tag) is not { } sequence)
        {
            yield break;
        }

        foreach (var item in sequence.Items)
        {
            ushort? reason = item.TryGetValue<ushort>(FailureReason, out var r) ? r : null;
            yield return (new SopReference(Uid(item, DicomTags.ReferencedSOPClassUID), Uid(item, DicomTags.ReferencedSOPInstanceUID)), reason);
        }
    }

    private static string Uid(DicomDataset dataset, DicomTag tag) => dataset.GetString(tag)?.TrimEnd('\0', ' ') ?? string.Empty;
}
