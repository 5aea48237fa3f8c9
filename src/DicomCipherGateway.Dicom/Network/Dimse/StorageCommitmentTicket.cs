namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>The N-ACTION-RSP to a storage commitment request and the transaction UID its report will carry.</summary>
public sealed record StorageCommitmentTicket(DicomStatus Status, string TransactionUid);
