using System.Diagnostics;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Forwarding;

/// <summary>
/// Asks the PACS for its own storage commitment (N-ACTION, under the gateway's own transaction UID) on
/// an association of its own, and waits for the N-EVENT-REPORT: on that association, or on a new one
/// the PACS opens to the gateway's listener (<see cref="PacsCommitmentReports"/>), whichever comes.
/// Every step toward the PACS is an audit record (<c>pacs-commitment</c>).
/// </summary>
internal sealed class PacsCommitmentRequester
{
    private static readonly DicomTransferSyntax[] Syntaxes = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);
    private readonly GatewayOptions _options;
    private readonly PeerTable _peers;
    private readonly PacsCommitmentReports _reports;
    private readonly AuditTrail _audit;
    private readonly ILogger<PacsCommitmentRequester> _logger;
    private readonly DicomClient _client;

    public PacsCommitmentRequester(IOptions<GatewayOptions> options, PeerTable peers, PacsCommitmentReports reports, AuditTrail audit, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _peers = peers;
        _reports = reports;
        _audit = audit;
        _logger = loggerFactory.CreateLogger<PacsCommitmentRequester>();
        _client = PacsClientFactory.Create(peers.Pacs, _options.Tls, loggerFactory, _options.Forward.AttemptTimeout);
    }

    /// <param name="modalityTransactionUid">The modality's transaction this one serves (for the log and the audit trail).</param>
    /// <param name="references">Instances the PACS accepted by C-STORE.</param>
    /// <param name="within">How long the whole exchange may take; what is not reported by then failed.</param>
    public async Task<PacsCommitmentOutcome> AskAsync(string modalityTransactionUid, IReadOnlyList<SopReference> references, TimeSpan within, CancellationToken cancellationToken)
    {
        var pacs = _peers.Pacs.AeTitle;
        var transaction = DicomUid.Generate().Value;
        using var expected = _reports.Expect(transaction);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within > TimeSpan.Zero ? within : TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        DicomClientAssociation? association = null;
        PacsCommitmentOutcome outcome;
        try
        {
            association = await _client.AssociateAsync(
                new AssociationRequest
                {
                    CalledAeTitle = pacs,
                    CallingAeTitle = _options.AeTitle,
                    // Verification too: a PACS without storage commitment may refuse an association that offers it nothing,
                    // and Auto must see "not accepted", not "unreachable".
                    PresentationContexts =
                    [
                        new PresentationContextProposal(DicomUids.StorageCommitmentPushModelSOPClass, Syntaxes),
                        new PresentationContextProposal(DicomUids.VerificationSOPClass, Syntaxes),
                    ],
                },
                deadline.Token).ConfigureAwait(false);
            if (association.Context.FindAccepted(DicomUids.StorageCommitmentPushModelSOPClass) is null)
            {
                outcome = PacsCommitmentOutcome.NotOffered;
            }
            else
            {
                var ticket = await association.RequestStorageCommitmentAsync(references, deadline.Token, transaction).ConfigureAwait(false);
                if (ticket.Status != DicomStatus.Success)
                {
                    outcome = PacsCommitmentOutcome.Failed($"the PACS answered the N-ACTION with 0x{ticket.Status.Code:X4}");
                }
                else
                {
                    CommitmentLog.Requested(_logger, pacs, references.Count, transaction, modalityTransactionUid);
                    Audit(references, "requested", null, $"transaction {transaction} for the modality's transaction {modalityTransactionUid}");
                    var (report, where) = await FirstReportAsync(association.WaitForStorageCommitmentAsync(transaction, deadline.Token), expected.Report, deadline.Token).ConfigureAwait(false);
                    CommitmentLog.Reported(_logger, pacs, transaction, where, clock.ElapsedMilliseconds, report.Committed.Count, report.Failed.Count);
                    outcome = PacsCommitmentOutcome.Reported(report);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = PacsCommitmentOutcome.Failed($"no report within Forward:CommitmentTimeout ({clock.Elapsed.TotalSeconds:F1} s)");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable, refused, aborted: the PACS has not said it holds anything.
            outcome = PacsCommitmentOutcome.Failed($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (association is not null)
            {
                await ReleaseAsync(association).ConfigureAwait(false);
            }
        }

        Record(transaction, references, outcome);
        return outcome;
    }

    /// <summary>The report on this association, unless the association ends first: then the one on a new association.</summary>
    private static async Task<(StorageCommitmentResult Report, string Where)> FirstReportAsync(Task<StorageCommitmentResult> here, Task<StorageCommitmentResult> elsewhere, CancellationToken cancellationToken)
    {
        _ = here.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var first = await Task.WhenAny(here, elsewhere).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first == here && here.IsCompletedSuccessfully)
        {
            return (here.Result, "on the same association");
        }

        return (await elsewhere.WaitAsync(cancellationToken).ConfigureAwait(false), "on a new association");
    }

    private static async Task ReleaseAsync(DicomClientAssociation association)
    {
        try
        {
            if (association.IsOpen)
            {
                using var release = new CancellationTokenSource(ReleaseTimeout);
                await association.ReleaseAsync(release.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The report is in (or given up on); a release the PACS botches changes nothing.
        }
        finally
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Record(string transaction, IReadOnlyList<SopReference> references, PacsCommitmentOutcome outcome)
    {
        var pacs = _peers.Pacs.AeTitle;
        var why = $"transaction {transaction}";
        if (outcome.Report is { } report)
        {
            Audit(report.Committed, "committed", null, why);
            foreach (var failure in report.Failed)
            {
                Audit([failure.Reference], "failed", $"0x{failure.FailureReason:X4}", why);
            }

            return;
        }

        if (!outcome.Offered)
        {
            var fallback = _options.Forward.PacsCommitment == PacsCommitmentMode.Auto;
            CommitmentLog.NotOffered(_logger, pacs, _options.Forward.PacsCommitment.ToString(), fallback ? "counts" : "does not count: nothing is committed");
            Audit(references, "not-offered", null, $"{outcome.Problem}; {(fallback ? "its C-STORE Success counts (Auto)" : "nothing committed (Always)")}");
            return;
        }

        CommitmentLog.Failed(_logger, references.Count, pacs, transaction, outcome.Problem!);
        Audit(references, "failed", null, $"{why}: {outcome.Problem}");
    }

    private void Audit(IEnumerable<SopReference> references, string outcome, string? status, string reason)
    {
        foreach (var reference in references)
        {
            _audit.Write(new AuditRecord { Event = "pacs-commitment", Outcome = outcome, Peer = _peers.Pacs.AeTitle, CalledAe = _peers.Pacs.AeTitle, SopInstanceUid = reference.SopInstanceUid, SopClassUid = reference.SopClassUid, Status = status, Reason = reason });
        }
    }
}
