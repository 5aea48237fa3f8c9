namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Receives Storage Commitment N-EVENT-REPORTs (as the commitment SCU) and returns the status to answer.</summary>
public interface IStorageCommitmentReportHandler
{
    ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken);
}
