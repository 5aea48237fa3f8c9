using System.Runtime.CompilerServices;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// C-GET from a Workstation peer: as <see cref="MoveHandler"/>, but each original goes back on
/// the workstation's own association. The library sends it only on a context whose class the
/// workstation proposed and took the SCP role for (role selection); any other instance fails
/// alone (0x0118).
/// </summary>
internal sealed class GetHandler(PeerTable peers, PacsFetcher fetcher, AuditTrail audit) : ICGetHandler
{
    public async IAsyncEnumerable<RetrieveItem> GetAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var calling = context.CallingAeTitle.Trim();
        WorkstationGuard.Require(peers, calling, audit, "get", request.SopClassUid);
        await foreach (var item in fetcher.FetchAsync(request.SopClassUid, request.Identifier, calling, calling, cancellationToken).ConfigureAwait(false))
        {
            if (item.File is not { } original)
            {
                yield return RetrieveItem.Failed(item.SopInstanceUid, item.Remaining, item.FailureStatus);
                continue;
            }

            // Resumed once the library has sent it and read the workstation's response.
            yield return new RetrieveItem(original, item.Remaining);
        }
    }
}
