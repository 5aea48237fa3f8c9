using System.Runtime.CompilerServices;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// C-MOVE from a Workstation peer. The destination must be a configured Workstation peer the
/// requester may send to (its MoveDestinations; empty: any workstation), else 0xA801. The
/// instances come from the PACS by C-GET or C-MOVE (<see cref="PacsFetcher"/>), decrypted one at
/// a time, and each original is C-STOREd to the destination, with the requester's AE title and
/// message ID as Move Originator, before the next is taken. The library turns
/// each result into a Pending response with the counts and ends with the Failed SOP Instance UID
/// List; a C-CANCEL cancels the token, which stops the PACS side (C-CANCEL) and the deliveries.
/// </summary>
internal sealed class MoveHandler(PeerTable peers, PacsConnector connector, PacsFetcher fetcher, AuditTrail audit, ILogger<MoveHandler> logger) : ICMoveHandler
{
    public const string Self = "self";

    public async IAsyncEnumerable<SubOperationResult> MoveAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var calling = context.CallingAeTitle.Trim();
        var requester = WorkstationGuard.Require(peers, calling, audit, "move", request.SopClassUid);
        var destinationAe = request.MoveDestination?.Trim() ?? string.Empty;
        if (peers.Find(destinationAe) is not { } destination || !PeerTable.Has(destination, PeerRole.Workstation) || !MayMoveTo(requester, destinationAe))
        {
            audit.Write(new AuditRecord { Event = "move", Outcome = "refused", Reason = $"move destination '{destinationAe}' is not a Workstation peer {calling} may send to", CallingAe = calling, Peer = destinationAe, SopClassUid = request.SopClassUid, Status = DicomStatus.MoveDestinationUnknown.ToString() });
            throw new DicomStatusException(DicomStatus.MoveDestinationUnknown);
        }

        await using var sender = new DestinationSender(connector, destination, calling, request.MessageId);
        await foreach (var item in fetcher.FetchAsync(request.SopClassUid, request.Identifier, calling, destinationAe, cancellationToken).ConfigureAwait(false))
        {
            var status = item.FailureStatus;
            if (item.File is { } original)
            {
                try
                {
                    status = await sender.SendAsync(original, cancellationToken).ConfigureAwait(false);
                }
                catch (DicomNetworkException e)
                {
                    RetrieveLog.DeliveryFailed(logger, item.SopInstanceUid, destinationAe, e.Message);
                    status = DicomStatus.ProcessingFailure;
                }

                audit.Write(new AuditRecord { Event = "delivered", Outcome = status.IsCompleted ? "success" : "failure", CallingAe = calling, Peer = destinationAe, SopInstanceUid = item.SopInstanceUid, Status = status.ToString() });
            }

            yield return new SubOperationResult(item.SopInstanceUid, status, item.Remaining);
        }
    }

    private static bool MayMoveTo(PeerOptions requester, string destination) =>
        requester.MoveDestinations.Count == 0
        || requester.MoveDestinations.Any(d => string.Equals(d, destination, StringComparison.Ordinal)
            || (string.Equals(d, Self, StringComparison.OrdinalIgnoreCase) && string.Equals(destination, requester.AeTitle, StringComparison.Ordinal)));
}
