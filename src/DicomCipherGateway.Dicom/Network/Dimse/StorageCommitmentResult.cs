namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>The outcome of a storage commitment transaction, as carried by its N-EVENT-REPORT (PS3.4 J.3.3).</summary>
public sealed record StorageCommitmentResult(string TransactionUid, IReadOnlyList<SopReference> Committed, IReadOnlyList<FailedSopReference> Failed)
{
    /// <summary>Event Type ID: 1 when every instance was committed, 2 when some failed.</summary>
    public ushort EventTypeId => Failed.Count == 0 ? (ushort)1 : (ushort)2;
}
