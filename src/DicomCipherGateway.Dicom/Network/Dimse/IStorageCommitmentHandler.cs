namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Storage Commitment Push Model as SCP. The library answers the N-ACTION at once, then calls
/// <see cref="CommitAsync"/> (which may take as long as the archive needs) and sends the result as an
/// N-EVENT-REPORT: on the same association when it is still open, otherwise on a new association to
/// the requestor's AE title, resolved with <see cref="DicomServiceHandlers.ResolveAeTitle"/>.
/// </summary>
public interface IStorageCommitmentHandler
{
    ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken);
}
