using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>C-FIND, C-MOVE and C-GET as SCP, and C-CANCEL of them.</summary>
internal sealed partial class DimseDispatcher
{
    /// <summary>Identifiers are query keys, not images: anything larger is a protocol error.</summary>
    private const int MaxIdentifierLength = 1024 * 1024;

    private readonly Dictionary<ushort, CancellationTokenSource> _running = [];
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<DimseCommand>> _subOperations = new();
    private int _nextSubOperationId;

    private static void AppendIdentifier(ArrayBufferWriter<byte> identifier, ReadOnlySequence<byte> fragment)
    {
        if (identifier.WrittenCount + fragment.Length > MaxIdentifierLength)
        {
            throw new PeerProtocolException($"Query/retrieve identifier larger than {MaxIdentifierLength} bytes") { AbortReason = AbortReason.InvalidPduParameterValue };
        }

        foreach (var segment in fragment)
        {
            identifier.Write(segment.Span);
        }
    }

    /// <summary>Runs on the read loop, so the operation is registered before a C-CANCEL for it can be read.</summary>
    private void DispatchQueryRetrieve(DimseCommand command, DicomRequestContext context, ArrayBufferWriter<byte> bytes)
    {
        if (command.CommandField is DimseCommandField.NActionRq or DimseCommandField.NEventReportRq)
        {
            DispatchStorageCommitment(command, context, bytes);
            return;
        }

        var responseField = (DimseCommandField)((ushort)command.CommandField | 0x8000);
        DicomDataset? identifier = null;
        try
        {
            identifier = DicomDatasetReader.Read(bytes.WrittenMemory.ToArray(), context.PresentationContext.TransferSyntax);
        }
        catch (DicomFormatException e)
        {
            DimseLog.HandlerFailed(_logger, _association.Id, command.CommandField, e);
        }

        if (identifier is null || command.AffectedSopClassUid != context.PresentationContext.AbstractSyntax.Value)
        {
            Dispatch(command, context, () => RespondAsync(command, context, responseField, DicomStatus.IdentifierDoesNotMatchSopClass));
            return;
        }

        var supported = command.CommandField switch
        {
            DimseCommandField.CFindRq => _handlers.Find is not null,
            DimseCommandField.CMoveRq => _handlers.Move is not null,
            _ => _handlers.Get is not null,
        };
        if (!supported)
        {
            DimseLog.Unsupported(_logger, _association.Id, command.CommandField);
            Dispatch(command, context, () => RespondAsync(command, context, responseField, DicomStatus.SopClassNotSupported));
            return;
        }

        var operation = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
        lock (_lock)
        {
            if (!_running.TryAdd(command.MessageId, operation))
            {
                operation.Dispose();
                throw new PeerProtocolException($"Message ID {command.MessageId} is already in use by an outstanding operation") { AbortReason = AbortReason.UnexpectedPduParameter };
            }
        }

        var moveDestination = command.Elements.GetString(DicomTags.MoveDestination)?.Trim();
        Func<Task> run = command.CommandField switch
        {
            DimseCommandField.CFindRq => () => FindAsync(command, context, new CFindRequest(command.AffectedSopClassUid!, identifier, command.MessageId, command.Priority), operation),
            DimseCommandField.CMoveRq => () => RetrieveAsync(command, context, new CRetrieveRequest(command.AffectedSopClassUid!, identifier, command.MessageId, command.Priority, moveDestination), operation),
            _ => () => RetrieveAsync(command, context, new CRetrieveRequest(command.AffectedSopClassUid!, identifier, command.MessageId, command.Priority), operation),
        };
        Dispatch(command, context, async () =>
        {
            try
            {
                await run().ConfigureAwait(false);
            }
            finally
            {
                lock (_lock)
                {
                    _running.Remove(command.MessageId);
                }

                operation.Dispose();
            }
        });
    }

    private void CancelOperation(ushort messageId)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(messageId, out var operation))
            {
                DimseLog.CancelRequested(_logger, _association.Id, messageId);
                operation.Cancel();
            }
        }
    }

    private void CompleteSubOperation(DimseCommand response)
    {
        if (_subOperations.TryRemove(response.MessageIdBeingRespondedTo, out var waiter))
        {
            waiter.TrySetResult(response);
        }
    }

    private async Task FindAsync(DimseCommand command, DicomRequestContext context, CFindRequest request, CancellationTokenSource operation)
    {
        var status = DicomStatus.Success;
        var matches = 0;
        try
        {
            await foreach (var match in _handlers.Find!.FindAsync(request, context, operation.Token).ConfigureAwait(false))
            {
                operation.Token.ThrowIfCancellationRequested();
                await RespondAsync(command, context, DimseCommandField.CFindRsp, DicomStatus.Pending, match).ConfigureAwait(false);
                matches++;
            }

            operation.Token.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (operation.IsCancellationRequested && !_cancel.IsCancellationRequested)
        {
            status = DicomStatus.Cancel;
        }
        catch (DicomStatusException e)
        {
            status = e.Status;
        }
        catch (Exception e) when (!_cancel.IsCancellationRequested)
        {
            // Also a DicomNetworkException of another association the handler used; if ours broke, the answer below fails too.
            DimseLog.HandlerFailed(_logger, _association.Id, DimseCommandField.CFindRq, e);
            status = DicomStatus.UnableToProcess;
        }

        DimseLog.Found(_logger, _association.Id, context.CallingAeTitle, request.Level ?? string.Empty, matches, status);
        await RespondAsync(command, context, DimseCommandField.CFindRsp, status).ConfigureAwait(false);
    }

    private async Task RetrieveAsync(DimseCommand command, DicomRequestContext context, CRetrieveRequest request, CancellationTokenSource operation)
    {
        var isGet = command.CommandField == DimseCommandField.CGetRq;
        var responseField = isGet ? DimseCommandField.CGetRsp : DimseCommandField.CMoveRsp;
        var progress = new RetrieveProgress();
        DicomStatus? final = null;
        try
        {
            var results = isGet
                ? GetSubOperationsAsync(request, context, operation.Token)
                : _handlers.Move!.MoveAsync(request, context, operation.Token);
            await foreach (var result in results.ConfigureAwait(false))
            {
                progress.Add(result);
                await RespondAsync(command, context, responseField, DicomStatus.Pending, null, progress, includeRemaining: true).ConfigureAwait(false);
                operation.Token.ThrowIfCancellationRequested();
            }

            operation.Token.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (operation.IsCancellationRequested && !_cancel.IsCancellationRequested)
        {
            final = DicomStatus.Cancel;
        }
        catch (DicomStatusException e)
        {
            final = e.Status;
        }
        catch (DicomNetworkException e) when (!_cancel.IsCancellationRequested)
        {
            // The destination (C-MOVE) or a sub-operation failed at the network level; our association still stands.
            DimseLog.HandlerFailed(_logger, _association.Id, command.CommandField, e);
            final = DicomStatus.UnableToPerformSubOperations;
        }
        catch (Exception e) when (!_cancel.IsCancellationRequested)
        {
            DimseLog.HandlerFailed(_logger, _association.Id, command.CommandField, e);
            final = DicomStatus.UnableToProcess;
        }

        var status = final ?? progress.FinalStatus;
        DimseLog.Retrieved(_logger, _association.Id, command.CommandField, context.CallingAeTitle, request.MoveDestination ?? string.Empty, progress.Completed, progress.Failed, progress.Warning, status);
        DicomDataset? failedList = null;
        if (progress.FailedSopInstanceUids.Count > 0)
        {
            failedList = new DicomDataset();
            failedList.SetStrings(DicomTags.FailedSOPInstanceUIDList, DicomVR.UI, progress.FailedSopInstanceUids);
        }

        await RespondAsync(command, context, responseField, status, failedList, progress, includeRemaining: status == DicomStatus.Cancel && progress.Remaining is not null).ConfigureAwait(false);
    }

    /// <summary>C-GET: each instance the handler yields is sent as a C-STORE sub-operation on this association.</summary>
    private async IAsyncEnumerable<SubOperationResult> GetSubOperationsAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _handlers.Get!.GetAsync(request, context, cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.FailureStatus is { } failure)
            {
                yield return new SubOperationResult(item.File.Dataset.GetString(DicomTags.SOPInstanceUID)?.TrimEnd('\0', ' ') ?? string.Empty, failure, item.Remaining);
                continue;
            }

            var id = NextSubOperationId();
            StoreMessage? message = null;
            try
            {
                message = StoreMessage.Create(_association, item.File, item.Path, id, asScp: true);
            }
            catch (DicomNetworkException e)
            {
                // The requestor did not take the SCP role for this SOP class or syntax: the sub-operation fails, the rest go on.
                DimseLog.HandlerFailed(_logger, _association.Id, DimseCommandField.CGetRq, e);
            }

            if (message is null)
            {
                var uid = item.File.Dataset.GetString(DicomTags.SOPInstanceUID)?.TrimEnd('\0', ' ') ?? string.Empty;
                yield return new SubOperationResult(uid, DicomStatus.NoSuchSopClass, item.Remaining);
                continue;
            }

            var waiter = new TaskCompletionSource<DimseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
            _subOperations[id] = waiter;
            DimseCommand response;
            try
            {
                await _engine.SendMessageAsync(message.PresentationContextId, message.Command.Encode(), message.WriteDataSet, _cancel.Token).ConfigureAwait(false);
                response = await waiter.Task.WaitAsync(_engine.Timeouts.Dimse, _cancel.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                var timeout = new DicomTimeoutException(DicomTimer.Dimse, _engine.Timeouts.Dimse);
                await _engine.AbortAsync(timeout).ConfigureAwait(false);
                throw timeout;
            }
            finally
            {
                _subOperations.TryRemove(id, out _);
            }

            yield return new SubOperationResult(message.SopInstanceUid, response.Status, item.Remaining);
        }
    }

    private ushort NextSubOperationId()
    {
        var id = (ushort)Interlocked.Increment(ref _nextSubOperationId);
        return id == 0 ? (ushort)Interlocked.Increment(ref _nextSubOperationId) : id;
    }

    private Task RespondAsync(DimseCommand request, DicomRequestContext context, DimseCommandField field, DicomStatus status, DicomDataset? dataSet, RetrieveProgress? progress = null, bool includeRemaining = false)
    {
        var response = DimseCommand.Response(request, field, status, hasDataSet: dataSet is not null);
        if (progress is not null)
        {
            if (includeRemaining)
            {
                response.Elements.SetValues(DicomTags.NumberOfRemainingSuboperations, DicomVR.US, (ushort)Math.Clamp(progress.Remaining ?? 0, 0, ushort.MaxValue));
            }

            response.Elements.SetValues(DicomTags.NumberOfCompletedSuboperations, DicomVR.US, Clamp(progress.Completed));
            response.Elements.SetValues(DicomTags.NumberOfFailedSuboperations, DicomVR.US, Clamp(progress.Failed));
            response.Elements.SetValues(DicomTags.NumberOfWarningSuboperations, DicomVR.US, Clamp(progress.Warning));
        }

        var syntax = context.PresentationContext.TransferSyntax;
        Func<Stream, CancellationToken, ValueTask>? write = dataSet is null ? null : (output, ct) => DicomDatasetWriter.WriteAsync(output, dataSet, syntax, null, ct);
        return _engine.SendMessageAsync(context.PresentationContext.Id, response.Encode(), write, _cancel.Token);
    }

    private static ushort Clamp(int value) => (ushort)Math.Clamp(value, 0, ushort.MaxValue);
}
