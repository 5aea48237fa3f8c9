namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Chooses the instances for a C-GET. The library sends each one as a C-STORE sub-operation on
/// the same association (the requestor must have taken the SCP role for its SOP class), waits
/// for its response, and reports progress with Pending responses. A C-CANCEL cancels the token
/// and ends with Cancel (FE00). Throw <see cref="DicomStatusException"/> to refuse with a status.
/// </summary>
public interface ICGetHandler
{
    IAsyncEnumerable<RetrieveItem> GetAsync(CRetrieveRequest request, DicomRequestContext context, CancellationToken cancellationToken);
}
