using System.Buffers;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Association;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// The acceptor's DIMSE layer: decodes commands, streams C-STORE data sets into the
/// handler's sink from the read loop, and runs handlers off the read loop (so A-ABORT and
/// further PDUs are still read while a handler works), within the negotiated window.
/// </summary>
internal sealed partial class DimseDispatcher : IMessageReceiver
{
    private readonly AssociationEngine _engine;
    private readonly AssociationContext _association;
    private readonly DicomServiceHandlers _handlers;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _performing;
    private readonly int _maxOutstanding;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _outstanding = [];
    private Inbound? _inbound;

    private readonly TimeSpan _beginTimeout;

    /// <summary>Cancelled when the owning server stops: ends detached work (storage commitment and its report retries).</summary>
    private readonly CancellationToken _ownerStopping;

    /// <param name="beginTimeout">Bound on <see cref="ICStoreHandler.BeginStoreAsync"/>, which runs on the read loop (the DIMSE timeout).</param>
    /// <param name="ownerStopping">The server's stopping token, for work that outlives the association.</param>
    public DimseDispatcher(AssociationEngine engine, AssociationContext association, DicomServiceHandlers handlers, ILogger logger, TimeSpan beginTimeout, CancellationToken ownerStopping = default)
    {
        _ownerStopping = ownerStopping;
        _beginTimeout = beginTimeout;
        _engine = engine;
        _association = association;
        _handlers = handlers;
        _logger = logger;
        var window = association.MaxOperationsPerformed == 0 ? 16 : association.MaxOperationsPerformed;
        _performing = new SemaphoreSlim(window, window);
        _maxOutstanding = (window * 2) + 2;
    }

    private sealed class Inbound(DimseCommand command, DicomRequestContext context, CStoreRequest? store)
    {
        public DimseCommand Command { get; } = command;

        public DicomRequestContext Context { get; } = context;

        public CStoreRequest? Store { get; } = store;

        public IDatasetSink? Sink { get; set; }

        public DicomStatus Status { get; set; } = DicomStatus.Success;

        public long Received { get; set; }

        /// <summary>The identifier of a C-FIND/C-MOVE/C-GET, collected in memory (bounded).</summary>
        public System.Buffers.ArrayBufferWriter<byte>? Identifier { get; init; }
    }

    public async ValueTask OnCommandAsync(byte presentationContextId, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var command = DimseCommand.Decode(bytes);
        if (_inbound is not null)
        {
            throw new PeerProtocolException("A command arrived while a data set was expected") { AbortReason = AbortReason.UnexpectedPduParameter };
        }

        var context = new DicomRequestContext(_association, _association.Find(presentationContextId)!, _engine.Connection.RemoteEndPoint, _engine.Connection.RemoteCertificate);
        switch (command.CommandField)
        {
            case DimseCommandField.CEchoRq:
                Dispatch(command, context, () => EchoAsync(command, context));
                break;
            case DimseCommandField.CStoreRq when command.HasDataSet:
                _inbound = await BeginStoreAsync(command, context, cancellationToken).ConfigureAwait(false);
                break;
            case DimseCommandField.CFindRq or DimseCommandField.CMoveRq or DimseCommandField.CGetRq when command.HasDataSet:
                _inbound = new Inbound(command, context, null) { Identifier = new System.Buffers.ArrayBufferWriter<byte>() };
                break;
            case DimseCommandField.CCancelRq:
                // Seen here on the read loop while the operation runs elsewhere; an unknown id is ignored (PS3.7 §9.3.2.3).
                CancelOperation(command.MessageIdBeingRespondedTo);
                break;
            case DimseCommandField.NActionRq or DimseCommandField.NEventReportRq when command.HasDataSet:
                _inbound = new Inbound(command, context, null) { Identifier = new System.Buffers.ArrayBufferWriter<byte>() };
                break;
            case DimseCommandField.CStoreRsp or DimseCommandField.NEventReportRsp:
                CompleteSubOperation(command);
                break;
            default:
                DimseLog.Unsupported(_logger, _association.Id, command.CommandField);
                if (command.HasDataSet)
                {
                    _inbound = new Inbound(command, context, null) { Status = DicomStatus.UnrecognizedOperation };
                }
                else if (((ushort)command.CommandField & 0x8000) == 0)
                {
                    Dispatch(command, context, () => RespondAsync(command, context, (DimseCommandField)((ushort)command.CommandField | 0x8000), DicomStatus.UnrecognizedOperation));
                }

                break;
        }
    }

    private async Task<Inbound> BeginStoreAsync(DimseCommand command, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var request = new CStoreRequest(
            command.AffectedSopClassUid ?? string.Empty,
            command.AffectedSopInstanceUid ?? string.Empty,
            context.PresentationContext.TransferSyntax,
            command.MessageId,
            command.Priority,
            command.MoveOriginatorAeTitle,
            command.MoveOriginatorMessageId);
        var inbound = new Inbound(command, context, request);
        if (request.SopInstanceUid.Length == 0 || request.SopClassUid != context.PresentationContext.AbstractSyntax.Value)
        {
            inbound.Status = DicomStatus.CannotUnderstand;
            return inbound;
        }

        if (_handlers.Store is not { } handler)
        {
            inbound.Status = DicomStatus.SopClassNotSupported;
            return inbound;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_beginTimeout);
        try
        {
            var begin = await handler.BeginStoreAsync(request, context, deadline.Token).ConfigureAwait(false);
            inbound.Sink = begin.Sink;
            inbound.Status = begin.Sink is null ? begin.Status : DicomStatus.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failing or too slow BeginStoreAsync refuses this instance; the read loop moves on.
            DimseLog.HandlerFailed(_logger, _association.Id, DimseCommandField.CStoreRq, e);
            inbound.Status = DicomStatus.OutOfResources;
        }

        if (inbound.Sink is null)
        {
            DimseLog.StoreRefused(_logger, _association.Id, request.SopInstanceUid, inbound.Status);
        }

        return inbound;
    }

    public async ValueTask OnDataAsync(byte presentationContextId, ReadOnlySequence<byte> fragment, bool last, CancellationToken cancellationToken)
    {
        var inbound = _inbound ?? throw new PeerProtocolException("A data set arrived without a command announcing one") { AbortReason = AbortReason.UnexpectedPduParameter };
        inbound.Received += fragment.Length;
        if (inbound.Identifier is { } identifier)
        {
            AppendIdentifier(identifier, fragment);
            if (last)
            {
                _inbound = null;
                DispatchQueryRetrieve(inbound.Command, inbound.Context, identifier);
            }

            return;
        }

        if (inbound.Sink is { } sink)
        {
            try
            {
                await sink.WriteAsync(fragment, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DatasetSinkFullException or IOException or UnauthorizedAccessException)
            {
                // The rest of the data set is read and dropped; the answer is Out of Resources.
                DimseLog.HandlerFailed(_logger, _association.Id, DimseCommandField.CStoreRq, e);
                inbound.Sink = null;
                inbound.Status = DicomStatus.OutOfResources;
                await sink.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (!last)
        {
            return;
        }

        _inbound = null;
        if (inbound.Store is null)
        {
            Dispatch(inbound.Command, inbound.Context, () => RespondAsync(inbound.Command, inbound.Context, (DimseCommandField)((ushort)inbound.Command.CommandField | 0x8000), inbound.Status));
            return;
        }

        Dispatch(inbound.Command, inbound.Context, () => CompleteStoreAsync(inbound));
    }

    private async Task CompleteStoreAsync(Inbound inbound)
    {
        var status = inbound.Status;
        var request = inbound.Store!;
        if (inbound.Sink is { } sink)
        {
            await using (sink.ConfigureAwait(false))
            {
                try
                {
                    await sink.CompleteAsync(_cancel.Token).ConfigureAwait(false);
                    status = await _handlers.Store!.CompleteStoreAsync(request, sink, inbound.Context, _cancel.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !_cancel.IsCancellationRequested)
                {
                    DimseLog.HandlerFailed(_logger, _association.Id, DimseCommandField.CStoreRq, e);
                    status = DicomStatus.OutOfResources;
                }
            }
        }

        DimseLog.Stored(_logger, _association.Id, request.SopInstanceUid, inbound.Context.CallingAeTitle, inbound.Received, status);
        await RespondAsync(inbound.Command, inbound.Context, DimseCommandField.CStoreRsp, status).ConfigureAwait(false);
    }

    private async Task EchoAsync(DimseCommand command, DicomRequestContext context)
    {
        var status = DicomStatus.Success;
        if (_handlers.Echo is { } handler)
        {
            try
            {
                status = await handler.OnEchoAsync(context, _cancel.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_cancel.IsCancellationRequested)
            {
                DimseLog.HandlerFailed(_logger, _association.Id, DimseCommandField.CEchoRq, e);
                status = DicomStatus.ProcessingFailure;
            }
        }

        DimseLog.Echoed(_logger, _association.Id, context.CallingAeTitle, status);
        await RespondAsync(command, context, DimseCommandField.CEchoRsp, status).ConfigureAwait(false);
    }

    private Task RespondAsync(DimseCommand request, DicomRequestContext context, DimseCommandField field, DicomStatus status) =>
        RespondAsync(request, context, field, status, null);

    private void Dispatch(DimseCommand command, DicomRequestContext context, Func<Task> operation)
    {
        lock (_lock)
        {
            _outstanding.RemoveWhere(t => t.IsCompleted);
            if (_outstanding.Count >= _maxOutstanding)
            {
                throw new PeerProtocolException($"More operations outstanding than the negotiated window of {_association.MaxOperationsPerformed}") { AbortReason = AbortReason.UnexpectedPdu };
            }
        }

        var task = RunAsync(command, operation);
        lock (_lock)
        {
            if (!task.IsCompleted)
            {
                _outstanding.Add(task);
            }
        }
    }

    private async Task RunAsync(DimseCommand command, Func<Task> operation)
    {
        await Task.Yield();
        try
        {
            await _performing.WaitAsync(_cancel.Token).ConfigureAwait(false);
            try
            {
                await operation().ConfigureAwait(false);
            }
            finally
            {
                _performing.Release();
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
        }
        catch (DicomNetworkException)
        {
            // The association broke while answering; its own path has logged why.
        }
        catch (Exception e)
        {
            DimseLog.HandlerFailed(_logger, _association.Id, command.CommandField, e);
        }
    }

    public async ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_lock)
        {
            _outstanding.RemoveWhere(t => t.IsCompleted);
            pending = [.. _outstanding];
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void OnClosed(Exception? reason)
    {
        if (_inbound is { } inbound)
        {
            _inbound = null;
            DimseLog.StoreDiscarded(_logger, _association.Id, inbound.Store?.SopInstanceUid ?? string.Empty, inbound.Received);
            if (inbound.Sink is { } sink)
            {
                // Deterministic cleanup: the sink deletes its partial output now, not at GC.
                _ = sink.DisposeAsync().AsTask();
            }
        }

        _cancel.Cancel();
    }
}
