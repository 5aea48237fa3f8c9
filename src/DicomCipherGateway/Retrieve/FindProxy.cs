using System.Runtime.CompilerServices;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// C-FIND from a Workstation peer, relayed to the PACS on an association of its own: each match
/// is yielded as it arrives (the dispatcher sends it as a Pending response at once), nothing is
/// collected. A C-CANCEL from the workstation cancels the token; the library then sends C-CANCEL
/// to the PACS and the PACS's remaining answers are drained (not relayed) up to its final response.
/// Each match is the PACS's answer unchanged but for Retrieve AE Title, which names the gateway.
/// </summary>
internal sealed class FindProxy(PeerTable peers, PacsConnector pacs, AuditTrail audit, ILogger<FindProxy> logger) : ICFindHandler
{
    public async IAsyncEnumerable<DicomDataset> FindAsync(CFindRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var calling = context.CallingAeTitle.Trim();
        WorkstationGuard.Require(peers, calling, audit, "query", request.SopClassUid);
        var model = new DicomUid(request.SopClassUid);
        await using var association = await pacs.AssociatePacsAsync([new PresentationContextProposal(model, PacsConnector.QuerySyntaxes)], CancellationToken.None).ConfigureAwait(false);
        var matches = 0;
        DicomStatus final = DicomStatus.UnableToProcess;
        await foreach (var response in association.FindAsync(model, request.Identifier, cancellationToken).ConfigureAwait(false))
        {
            if (response.Status.IsPending)
            {
                if (response.Identifier is { } match && !cancellationToken.IsCancellationRequested)
                {
                    // The PACS names itself as where to retrieve from; a workstation that followed it would
                    // go around the gateway and receive ciphertext (or be refused by a PACS that knows only us).
                    if (match.Contains(DicomTags.RetrieveAETitle))
                    {
                        match.SetString(DicomTags.RetrieveAETitle, DicomVR.AE, pacs.GatewayAeTitle);
                    }

                    matches++;
                    yield return match;
                }

                continue;
            }

            final = response.Status;
        }

        await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        RetrieveLog.Found(logger, calling, request.Level ?? string.Empty, matches, final.ToString());
        audit.Write(new AuditRecord { Event = "query", Outcome = final.IsCompleted ? "success" : "failure", Reason = $"{request.Level} level, {matches} matches", CallingAe = calling, Peer = pacs.Pacs.AeTitle, SopClassUid = request.SopClassUid, Status = final.ToString() });
        cancellationToken.ThrowIfCancellationRequested();
        if (!final.IsCompleted)
        {
            throw new DicomStatusException(final);
        }
    }
}
