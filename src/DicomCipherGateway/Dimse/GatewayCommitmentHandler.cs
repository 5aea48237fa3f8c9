using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Forwarding;
using DicomCipherGateway.Operations;
using DicomCipherGateway.Spool;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Dimse;

/// <summary>
/// Storage Commitment Push Model toward modalities, answered truthfully: an instance counts as
/// committed only once the PACS holds it. First its ciphertext object must have been accepted by the
/// PACS (C-STORE Success); then, unless Forward:PacsCommitment is Never, the PACS is asked for its own
/// storage commitment and only what it reports committed counts (Auto falls back to the C-STORE
/// Success when the PACS does not offer storage commitment). Everything shares one deadline,
/// Forward:CommitmentTimeout; what is not committed by then, dead-lettered, never received or failed
/// by the PACS is reported failed with its reason.
/// </summary>
internal sealed class GatewayCommitmentHandler(ISpoolQueue queue, PeerTable peers, PacsCommitmentRequester pacs, AuditTrail audit, IOptions<GatewayOptions> options) : IStorageCommitmentHandler
{
    private const ushort ProcessingFailure = 0x0110;
    private const ushort NoSuchObjectInstance = 0x0112;
    private const ushort ClassInstanceConflict = 0x0119;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var calling = context.CallingAeTitle.Trim();
        if (peers.Find(calling) is not { } peer || !PeerTable.Has(peer, PeerRole.Modality))
        {
            return Finish(request, calling, [], [.. request.References.Select(r => new FailedSopReference(r, ProcessingFailure))]);
        }

        var deadline = DateTime.UtcNow + options.Value.Forward.CommitmentTimeout;
        var pending = request.References.ToList();
        var committed = new List<SopReference>();
        var failed = new List<FailedSopReference>();
        while (true)
        {
            foreach (var reference in pending.ToList())
            {
                var item = await queue.FindAsync(reference.SopInstanceUid, cancellationToken).ConfigureAwait(false);
                ushort? failure = item switch
                {
                    null => NoSuchObjectInstance,
                    _ when item.SopClassUid != reference.SopClassUid => ClassInstanceConflict,
                    { State: SpoolState.DeadLetter } => ProcessingFailure,
                    _ => null,
                };
                if (failure is { } reason)
                {
                    failed.Add(new FailedSopReference(reference, reason));
                    pending.Remove(reference);
                }
                else if (item!.State == SpoolState.Forwarded)
                {
                    committed.Add(reference);
                    pending.Remove(reference);
                }
            }

            if (pending.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        // Still on their way when the time ran out: not committed (yet); the modality may ask again.
        failed.AddRange(pending.Select(r => new FailedSopReference(r, ProcessingFailure)));
        var mode = options.Value.Forward.PacsCommitment;
        if (mode != PacsCommitmentMode.Never && committed.Count > 0)
        {
            var outcome = await pacs.AskAsync(request.TransactionUid, committed, deadline - DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            committed = Confirm(committed, outcome, mode, failed);
        }

        return Finish(request, calling, committed, failed);
    }

    /// <summary>What stays committed after the PACS's answer; the rest goes to <paramref name="failed"/> with the PACS's reason or 0x0110.</summary>
    private static List<SopReference> Confirm(List<SopReference> forwarded, PacsCommitmentOutcome outcome, PacsCommitmentMode mode, List<FailedSopReference> failed)
    {
        if (!outcome.Offered && mode == PacsCommitmentMode.Auto)
        {
            return forwarded;
        }

        var report = outcome.Report;
        var confirmed = new List<SopReference>();
        foreach (var reference in forwarded)
        {
            if (report is not null && report.Committed.Contains(reference))
            {
                confirmed.Add(reference);
            }
            else
            {
                var reason = report?.Failed.FirstOrDefault(f => f.Reference == reference) is { FailureReason: not 0 } pacsFailure ? pacsFailure.FailureReason : ProcessingFailure;
                failed.Add(new FailedSopReference(reference, reason));
            }
        }

        return confirmed;
    }

    private StorageCommitmentResult Finish(StorageCommitmentRequest request, string calling, List<SopReference> committed, List<FailedSopReference> failed)
    {
        foreach (var reference in committed)
        {
            audit.Write(new AuditRecord { Event = "commitment", Outcome = "committed", CallingAe = calling, Peer = calling, SopInstanceUid = reference.SopInstanceUid, SopClassUid = reference.SopClassUid, Reason = $"transaction {request.TransactionUid}" });
        }

        foreach (var failure in failed)
        {
            audit.Write(new AuditRecord { Event = "commitment", Outcome = "failed", CallingAe = calling, Peer = calling, SopInstanceUid = failure.Reference.SopInstanceUid, SopClassUid = failure.Reference.SopClassUid, Status = $"0x{failure.FailureReason:X4}", Reason = $"transaction {request.TransactionUid}" });
        }

        return new StorageCommitmentResult(request.TransactionUid, committed, failed);
    }
}
