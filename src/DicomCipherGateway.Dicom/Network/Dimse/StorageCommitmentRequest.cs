namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>An N-ACTION request for Storage Commitment Push Model: the transaction and the instances to commit.</summary>
public sealed record StorageCommitmentRequest(string TransactionUid, IReadOnlyList<SopReference> References);
