namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Performs C-MOVE: the handler sends the matching instances to
/// <see cref="CRetrieveRequest.MoveDestination"/> (typically with a <c>DicomClient</c>, setting the
/// move originator) and yields one <see cref="SubOperationResult"/> per sub-operation. The library
/// turns them into Pending responses with remaining/completed/failed/warning counts and a final
/// status carrying the Failed SOP Instance UID List when any failed. Throw
/// <see cref="DicomStatusException"/> (for example Move destination unknown, A801) to refuse.
/// A C-CANCEL cancels the token; the final status is then Cancel (FE00) with the counts so far.
/// </summary>
public interface ICMoveHandler
{
    IAsyncEnumerable<SubOperationResult> MoveAsync(CRetrieveRequest request, DicomRequestContext context, CancellationToken cancellationToken);
}
