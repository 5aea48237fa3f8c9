using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Answers C-FIND. Each yielded identifier goes to the peer as a Pending response; the end of
/// the sequence is the final Success. A C-CANCEL from the peer cancels the token, and the final
/// status is then Cancel (FE00). Throw <see cref="DicomStatusException"/> to answer a specific
/// failure status; any other exception answers Unable to process (C000).
/// </summary>
public interface ICFindHandler
{
    IAsyncEnumerable<DicomDataset> FindAsync(CFindRequest request, DicomRequestContext context, CancellationToken cancellationToken);
}
