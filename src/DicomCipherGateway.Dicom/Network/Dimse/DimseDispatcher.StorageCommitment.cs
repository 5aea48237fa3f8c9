using System.Buffers;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Storage Commitment Push Model: N-ACTION as SCP (then the report), N-EVENT-REPORT as SCU.</summary>
internal sealed partial class DimseDispatcher
{
    private const ushort RequestStorageCommitment = 1;

    /// <summary>Commitment and its report run after the N-ACTION-RSP, detached from the association, within this bound.</summary>
    private static readonly TimeSpan CommitmentDeadline = TimeSpan.FromMinutes(10);

    private void DispatchStorageCommitment(DimseCommand command, DicomRequestContext context, ArrayBufferWriter<byte> bytes)
    {
        var isAction = command.CommandField == DimseCommandField.NActionRq;
        var responseField = isAction ? DimseCommandField.NActionRsp : DimseCommandField.NEventReportRsp;
        var sopClass = (isAction ? command.Elements.GetString(DicomTags.RequestedSOPClassUID) : command.AffectedSopClassUid)?.TrimEnd('\0', ' ');
        DicomDataset? dataset = null;
        try
        {
            dataset = DicomDatasetReader.Read(bytes.WrittenMemory.ToArray(), context.PresentationContext.TransferSyntax);
        }
        catch (DicomFormatException e)
        {
            DimseLog.HandlerFailed(_logger, _association.Id, command.CommandField, e);
        }

        var status = DicomStatus.Success;
        if (sopClass != DicomUids.StorageCommitmentPushModelSOPClass.Value || sopClass != context.PresentationContext.AbstractSyntax.Value)
        {
            status = DicomStatus.NoSuchSopClass;
        }
        else if (dataset is null)
        {
            status = DicomStatus.MistypedArgument;
        }
        else if (isAction && (_handlers.StorageCommitment is null || !command.Elements.TryGetValue<ushort>(DicomTags.ActionTypeID, out var action) || action != RequestStorageCommitment))
        {
            status = _handlers.StorageCommitment is null ? DicomStatus.SopClassNotSupported : new DicomStatus(0x0123);
        }
        else if (!isAction && _handlers.StorageCommitmentReport is null)
        {
            status = DicomStatus.SopClassNotSupported;
        }

        if (status != DicomStatus.Success)
        {
            Dispatch(command, context, () => RespondNAsync(command, context, responseField, status, sopClass));
            return;
        }

        if (isAction)
        {
            var request = StorageCommitmentCodec.DecodeRequest(dataset!);
            if (request.TransactionUid.Length == 0 || request.References.Count == 0)
            {
                Dispatch(command, context, () => RespondNAsync(command, context, responseField, new DicomStatus(0x0120), sopClass));
                return;
            }

            Dispatch(command, context, async () =>
            {
                await RespondNAsync(command, context, responseField, DicomStatus.Success, sopClass).ConfigureAwait(false);
                DimseLog.CommitmentRequested(_logger, _association.Id, context.CallingAeTitle, request.TransactionUid, request.References.Count);

                // The commitment may take long: it must not hold the association's window or delay its release.
                _ = Task.Run(() => CommitAndReportAsync(request, context));
            });
            return;
        }

        var report = StorageCommitmentCodec.DecodeResult(dataset!);
        Dispatch(command, context, async () =>
        {
            var answer = DicomStatus.Success;
            try
            {
                answer = await _handlers.StorageCommitmentReport!.OnReportAsync(report, context, _cancel.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!_cancel.IsCancellationRequested)
            {
                DimseLog.HandlerFailed(_logger, _association.Id, command.CommandField, e);
                answer = DicomStatus.ProcessingFailure;
            }

            DimseLog.CommitmentReported(_logger, _association.Id, context.CallingAeTitle, report.TransactionUid, report.Committed.Count, report.Failed.Count);
            await RespondNAsync(command, context, responseField, answer, sopClass).ConfigureAwait(false);
        });
    }

    private async Task CommitAndReportAsync(StorageCommitmentRequest request, DicomRequestContext context)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ownerStopping);
        deadline.CancelAfter(CommitmentDeadline);
        try
        {
            var result = await _handlers.StorageCommitment!.CommitAsync(request, context, deadline.Token).ConfigureAwait(false);
            if (!_cancel.IsCancellationRequested && _engine.State == UpperLayer.UpperLayerState.Sta6 && await TryReportHereAsync(result, context).ConfigureAwait(false))
            {
                return;
            }

            await DeliverOnNewAssociationAsync(result, context, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            DimseLog.CommitmentReportFailed(_logger, _association.Id, context.CallingAeTitle, request.TransactionUid, e);
        }
    }

    private async Task<bool> TryReportHereAsync(StorageCommitmentResult result, DicomRequestContext context)
    {
        var id = NextSubOperationId();
        var command = ReportCommand(result, id);
        var waiter = new TaskCompletionSource<DimseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        _subOperations[id] = waiter;
        try
        {
            var dataset = StorageCommitmentCodec.EncodeResult(result);
            var syntax = context.PresentationContext.TransferSyntax;
            await _engine.SendMessageAsync(context.PresentationContext.Id, command.Encode(), (output, ct) => DicomDatasetWriter.WriteAsync(output, dataset, syntax, null, ct), _cancel.Token).ConfigureAwait(false);
            var response = await waiter.Task.WaitAsync(_engine.Timeouts.Dimse, _cancel.Token).ConfigureAwait(false);
            DimseLog.CommitmentReportSent(_logger, _association.Id, context.CallingAeTitle, result.TransactionUid, response.Status);
            return true;
        }
        catch (Exception e) when (e is DicomNetworkException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // The association ended meanwhile: the report goes on a new one.
            return false;
        }
        finally
        {
            _subOperations.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// The report on a new association to the requestor, retried with a doubling delay while the
    /// requestor cannot be reached, then logged and dropped (<see cref="CommitmentReportDelivery"/>).
    /// </summary>
    private async Task DeliverOnNewAssociationAsync(StorageCommitmentResult result, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var delivery = _handlers.ReportDelivery;
        for (var attempt = 1; ; attempt++)
        {
            // Resolved per attempt: the requestor's address may have been corrected meanwhile.
            var options = _handlers.ResolveAeTitle?.Invoke(context.CallingAeTitle)
                ?? throw new DicomNetworkException($"No address for AE title {context.CallingAeTitle} to send the storage commitment report to.");
            try
            {
                await ReportOnNewAssociationAsync(result, context, options, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsWorthRetrying(e) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= delivery.MaxAttempts)
                {
                    DimseLog.CommitmentReportGaveUp(_logger, _association.Id, context.CallingAeTitle, result.TransactionUid, attempt, e);
                    return;
                }

                var delay = delivery.DelayAfter(attempt);
                DimseLog.CommitmentReportRetry(_logger, _association.Id, context.CallingAeTitle, result.TransactionUid, attempt, delivery.MaxAttempts, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The requestor could not be reached or broke off; a permanent rejection will not change by waiting.</summary>
    private static bool IsWorthRetrying(Exception e) => e switch
    {
        AssociationRejectedException rejected => rejected.IsTransient,
        DicomNetworkException or System.Net.Sockets.SocketException or IOException => true,
        _ => false,
    };

    private async Task ReportOnNewAssociationAsync(StorageCommitmentResult result, DicomRequestContext context, DicomClientOptions options, CancellationToken cancellationToken)
    {
        var client = new DicomClient(options);
        var request = new AssociationRequest
        {
            CalledAeTitle = context.CallingAeTitle,
            CallingAeTitle = context.CalledAeTitle,
            PresentationContexts =
            [
                // PS3.4 J.3.3: the commitment SCP opening the association takes the SCP role.
                new PresentationContextProposal(DicomUids.StorageCommitmentPushModelSOPClass, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian]) { ScuRole = false, ScpRole = true },
            ],
        };
        var association = await client.AssociateAsync(request, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var status = await association.SendStorageCommitmentReportAsync(result, cancellationToken).ConfigureAwait(false);
            DimseLog.CommitmentReportSent(_logger, _association.Id, context.CallingAeTitle, result.TransactionUid, status);
            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static DimseCommand ReportCommand(StorageCommitmentResult result, ushort messageId)
    {
        var command = DimseCommand.Request(DimseCommandField.NEventReportRq, messageId, DicomUids.StorageCommitmentPushModelSOPClass.Value, hasDataSet: true);
        command.Elements.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, StorageCommitmentCodec.WellKnownInstanceUid);
        command.Elements.SetValues(DicomTags.EventTypeID, DicomVR.US, result.EventTypeId);
        return command;
    }

    private Task RespondNAsync(DimseCommand request, DicomRequestContext context, DimseCommandField field, DicomStatus status, string? sopClass)
    {
        var response = DimseCommand.Create(field, hasDataSet: false);
        response.Elements.SetValues(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, request.MessageId);
        response.Elements.SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClass ?? string.Empty);
        var instance = (field == DimseCommandField.NActionRsp ? request.Elements.GetString(DicomTags.RequestedSOPInstanceUID) : request.AffectedSopInstanceUid)?.TrimEnd('\0', ' ');
        if (!string.IsNullOrEmpty(instance))
        {
            response.Elements.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, instance);
        }

        var typeTag = field == DimseCommandField.NActionRsp ? DicomTags.ActionTypeID : DicomTags.EventTypeID;
        if (request.Elements.TryGetValue<ushort>(typeTag, out var type))
        {
            response.Elements.SetValues(typeTag, DicomVR.US, type);
        }

        response.Elements.SetValues(DicomTags.Status, DicomVR.US, status.Code);
        return _engine.SendMessageAsync(context.PresentationContext.Id, response.Encode(), (Func<Stream, CancellationToken, ValueTask>?)null, _cancel.Token);
    }
}
