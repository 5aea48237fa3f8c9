using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Encryption;
using DicomCipherGateway.Forwarding;
using DicomCipherGateway.Operations;
using DicomCipherGateway.Spool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Dimse;

/// <summary>
/// The one class that decides "acknowledge now". A C-STORE from a Modality peer is sealed as it
/// arrives (<see cref="SealingSpoolSink"/>: AES-256-GCM, fsync, rename), its queue record is
/// committed (group commit, directory fsync), and only then is it answered Success; in
/// Forward:Mode Sync, only once the PACS has accepted the ciphertext object. Anything else is a
/// refusal with its status and an audit record: not a modality 0x0124, spool below its watermark
/// or object over Gateway:MaxObjectBytes 0xA700.
/// </summary>
internal sealed class GatewayStoreHandler(
    PeerTable peers,
    SpoolPaths paths,
    SpoolSpace space,
    ISpoolQueue queue,
    SpoolSignals signals,
    CipherRuntime cipher,
    ForwardOutcomes outcomes,
    AuditTrail audit,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    ILogger<GatewayStoreHandler> logger) : ICStoreHandler
{
    private readonly GatewayOptions _options = options.Value;

    public async ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var calling = context.CallingAeTitle.Trim();
        if (peers.Find(calling) is not { } peer || !PeerTable.Has(peer, PeerRole.Modality))
        {
            return Refuse(request, context, DicomStatus.NotAuthorized, "not-a-modality", $"{calling} has no Modality role");
        }

        if (!space.AboveWatermark)
        {
            return Refuse(request, context, DicomStatus.OutOfResources, "watermark", $"spool free space {space.FreeBytes} bytes is below Spool:MinFreeBytes {space.MinFreeBytes}");
        }

        var sink = await SealingSpoolSink.CreateAsync(paths.NewSealedPath(), request, calling, cipher.Keyring.Active, _options.Spool.SealChunkBytes, _options.MaxObjectBytes, cancellationToken).ConfigureAwait(false);
        sink.LimitExceeded = limit =>
        {
            metrics.Refused.WithLabels("too-large").Inc();
            Audit(request, context, "refused", "too-large", $"data set larger than Gateway:MaxObjectBytes {limit}", DicomStatus.OutOfResources);
        };
        return StoreBeginResult.Accept(sink);
    }

    public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var sealedSink = (SealingSpoolSink)sink;
        var entry = new SpoolEntry(
            request.SopClassUid,
            request.SopInstanceUid,
            request.TransferSyntax.Uid,
            context.CallingAeTitle.Trim(),
            request.Priority,
            sealedSink.Path,
            sealedSink.Length,
            sealedSink.Fingerprint!,
            sealedSink.KeyId.ToString());
        SpoolAdmission admission;
        try
        {
            admission = await queue.AdmitAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            File.Delete(sealedSink.Path);
            metrics.Refused.WithLabels("spool-failure").Inc();
            Audit(request, context, "refused", "failure", $"queue commit failed: {e.Message}", DicomStatus.OutOfResources);
            return DicomStatus.OutOfResources;
        }

        if (admission.IsDuplicate)
        {
            // Same SOP Instance, same content: already queued or forwarded; it goes to the PACS once.
            File.Delete(sealedSink.Path);
            metrics.Duplicates.WithLabels("same").Inc();
            Audit(request, context, "duplicate", "success", $"same content as spool #{admission.Id}; not forwarded again", DicomStatus.Success, admission.Id);
        }
        else
        {
            if (admission.PreviousFingerprint is { } previous)
            {
                metrics.Duplicates.WithLabels("different").Inc();
                DimseLog.DifferentContent(logger, request.SopInstanceUid, previous, entry.Fingerprint);
                Audit(request, context, "duplicate", "different-content", $"fingerprint {entry.Fingerprint} differs from the earlier {previous}; both forwarded", DicomStatus.Success, admission.Id);
            }

            signals.Received();
            metrics.Received.Inc();
            metrics.ReceivedBytes.Inc(entry.Length);
            Audit(request, context, "received", "success", null, DicomStatus.Success, admission.Id);
        }

        return _options.Forward.Mode == ForwardMode.Sync ? await WaitForPacsAsync(request, context, admission.Id, cancellationToken).ConfigureAwait(false) : DicomStatus.Success;
    }

    private async Task<DicomStatus> WaitForPacsAsync(CStoreRequest request, DicomRequestContext context, long id, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Forward.SyncTimeout);
        try
        {
            var state = await outcomes.WaitAsync(id, queue, deadline.Token).ConfigureAwait(false);
            return state == SpoolState.Forwarded ? DicomStatus.Success : DicomStatus.ProcessingFailure;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Durable and queued, but the PACS has not taken it in time: the modality may resend (a duplicate is harmless).
            Audit(request, context, "refused", "sync-timeout", $"the PACS did not accept it within Forward:SyncTimeout {_options.Forward.SyncTimeout}; it stays queued", DicomStatus.OutOfResources, id);
            return DicomStatus.OutOfResources;
        }
    }

    private StoreBeginResult Refuse(CStoreRequest request, DicomRequestContext context, DicomStatus status, string outcome, string reason)
    {
        metrics.Refused.WithLabels(outcome).Inc();
        Audit(request, context, "refused", outcome, reason, status);
        return StoreBeginResult.Refuse(status);
    }

    private void Audit(CStoreRequest request, DicomRequestContext context, string @event, string outcome, string? reason, DicomStatus status, long? id = null) =>
        audit.Write(new AuditRecord
        {
            Event = @event,
            Outcome = outcome,
            Reason = reason,
            CallingAe = context.CallingAeTitle.Trim(),
            CalledAe = context.CalledAeTitle.Trim(),
            Address = context.RemoteEndPoint?.ToString(),
            Peer = context.CallingAeTitle.Trim(),
            SopInstanceUid = request.SopInstanceUid,
            SopClassUid = request.SopClassUid,
            Status = $"0x{status.Code:X4}",
            KeyId = cipher.IsLoaded ? cipher.Keyring.ActiveKeyId.ToString() : null,
            SpoolId = id,
        });
}
