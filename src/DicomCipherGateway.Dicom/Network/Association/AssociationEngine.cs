using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerAction;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerEvent;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerState;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>
/// Runs one association over one connection: a read loop that frames PDUs and feeds them
/// through the PS3.8 state machine, a single writer draining a bounded queue, the timers as
/// read deadlines, and one fatal path (<see cref="Break"/>) that ends everything exactly once.
/// </summary>
internal sealed class AssociationEngine : IAsyncDisposable
{
    private const int OutboundCapacity = 8;

    private readonly IDicomConnection _connection;
    private readonly UpperLayerMachine _machine;
    private readonly Lock _fsmLock = new();
    private readonly AssociationTimeouts _timeouts;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime;
    private readonly Channel<Outbound> _outbound = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(OutboundCapacity) { SingleReader = true });
    private readonly SemaphoreSlim _messageLock = new(1, 1);
    private readonly TaskCompletionSource<AssociationContext> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<AssociationEngine, AssociationContext, IMessageReceiver> _receiverFactory;
    private PduLimits _limits;
    private Task _writing = Task.CompletedTask;
    private Task _reading = Task.CompletedTask;
    private CancellationTokenSource _readDeadline;
    private TimeSpan _armedTimeout = TimeSpan.Zero;
    private long _armedAt;
    private PdvAssembler? _assembler;
    private IMessageReceiver? _receiver;
    private AssociateRqPdu? _sentRequest;
    private AcceptorSettings? _acceptor;
    private Exception? _failure;
    private int _ended;

    private AssociationEngine(
        IDicomConnection connection,
        bool isRequestor,
        AssociationTimeouts timeouts,
        PduLimits limits,
        Func<AssociationEngine, AssociationContext, IMessageReceiver> receiverFactory,
        ILogger logger,
        CancellationToken lifetime)
    {
        _connection = connection;
        _machine = new UpperLayerMachine(isRequestor);
        _timeouts = timeouts;
        _limits = limits;
        _receiverFactory = receiverFactory;
        _logger = logger;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        _readDeadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
    }

    public string Id { get; } = ConnectionIds.Next();

    public AssociationContext? Context { get; private set; }

    public IDicomConnection Connection => _connection;

    public UpperLayerState State
    {
        get
        {
            lock (_fsmLock)
            {
                return _machine.State;
            }
        }
    }

    /// <summary>Completes when the connection is closed, after a release or a failure.</summary>
    public Task Completion => _completed.Task;

    public AssociationTimeouts Timeouts => _timeouts;

    /// <summary>Why the association ended, when it did not end by a release.</summary>
    public Exception? Failure => _failure;

    /// <summary>Cancelled when the association ends for any reason.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    internal sealed record AcceptorSettings(IAssociationPolicy Policy, AssociationRequestInfo Info, uint MaxPduLength, ushort MaxOperations);

    /// <summary>Opens an association as requestor over an established connection (AE-1, AE-2, then AE-3 or AE-4).</summary>
    public static async Task<AssociationEngine> RequestAsync(
        IDicomConnection connection,
        AssociationRequest request,
        AssociationTimeouts timeouts,
        Func<AssociationEngine, AssociationContext, IMessageReceiver> receiverFactory,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var rq = RequestorNegotiation.BuildRequest(request);
        var engine = new AssociationEngine(connection, isRequestor: true, timeouts, new PduLimits { MaxPDataLength = request.MaxPduLength }, receiverFactory, logger, CancellationToken.None);
        engine._sentRequest = rq;
        engine.FireLocal(Evt1);
        engine.FireLocal(Evt2);
        engine.Start();
        try
        {
            await engine.EnqueueAsync(rq, cancellationToken).ConfigureAwait(false);
            await engine._established.Task.WaitAsync(timeouts.AssociationRequest, cancellationToken).ConfigureAwait(false);
            return engine;
        }
        catch (TimeoutException)
        {
            var timeout = new DicomTimeoutException(DicomTimer.AssociationRequest, timeouts.AssociationRequest);
            await engine.AbortAsync(timeout).ConfigureAwait(false);
            throw timeout;
        }
        catch
        {
            await engine.AbortAsync(null).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves an incoming connection as acceptor (AE-5): the read loop waits for A-ASSOCIATE-RQ under ARTIM.</summary>
    public static AssociationEngine Accept(
        IDicomConnection connection,
        AcceptorSettings settings,
        AssociationTimeouts timeouts,
        Func<AssociationEngine, AssociationContext, IMessageReceiver> receiverFactory,
        ILogger logger,
        CancellationToken lifetime)
    {
        var engine = new AssociationEngine(connection, isRequestor: false, timeouts, new PduLimits { MaxPDataLength = settings.MaxPduLength }, receiverFactory, logger, lifetime)
        {
            _acceptor = settings,
        };
        engine.FireLocal(Evt5);
        engine.Start();
        return engine;
    }

    private void Start()
    {
        _writing = Task.Run(WriteLoopAsync);
        _reading = Task.Run(ReadLoopAsync);
    }

    // ---- local primitives -------------------------------------------------------------

    /// <summary>
    /// Sends one DIMSE message: the command, then the data set if any, fragmented to the
    /// peer's maximum PDU. Messages never interleave; a failure after the first fragment
    /// aborts the association (fo-dicom #1359: a half-sent message must not be followed by another).
    /// </summary>
    /// <param name="writeDataSet">Writes the data set, already encoded in the context's transfer syntax, into the stream it is given.</param>
    public async Task SendMessageAsync(byte presentationContextId, ReadOnlyMemory<byte> command, Func<Stream, CancellationToken, ValueTask>? writeDataSet, CancellationToken cancellationToken)
    {
        var context = Context ?? throw new InvalidOperationException("The association is not established.");
        if (command.IsEmpty)
        {
            throw new ArgumentException("A command set is never empty.", nameof(command));
        }

        await _messageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = false;
        try
        {
            var maxData = (int)Math.Min(context.MaxPduLengthToPeer - 6, AssociationDefaults.MaxSendPduLength);
            for (var offset = 0; offset < command.Length; offset += maxData)
            {
                var chunk = command.Slice(offset, Math.Min(maxData, command.Length - offset));
                var last = offset + chunk.Length >= command.Length;
                await SendPdvAsync(presentationContextId, PresentationDataValue.Header(command: true, last), chunk, cancellationToken).ConfigureAwait(false);
                started = true;
            }

            if (writeDataSet is not null)
            {
                var output = new PDataOutputStream(this, presentationContextId, maxData);
                await using (output.ConfigureAwait(false))
                {
                    await writeDataSet(output, cancellationToken).ConfigureAwait(false);
                    await output.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (started && e is not DicomNetworkException)
        {
            await AbortCoreAsync(e).ConfigureAwait(false);
            throw;
        }
        finally
        {
            _messageLock.Release();
        }
    }

    /// <summary>Sends an already encoded data set from a stream (a file range, a buffer).</summary>
    public Task SendMessageAsync(byte presentationContextId, ReadOnlyMemory<byte> command, Stream? dataSet, CancellationToken cancellationToken) =>
        SendMessageAsync(presentationContextId, command, dataSet is null ? null : (output, ct) => new ValueTask(dataSet.CopyToAsync(output, 81920, ct)), cancellationToken);

    internal ValueTask SendDataFragmentAsync(byte presentationContextId, ReadOnlyMemory<byte> data, bool last, CancellationToken cancellationToken) =>
        SendPdvAsync(presentationContextId, PresentationDataValue.Header(command: false, last), data, cancellationToken);

    private async ValueTask SendPdvAsync(byte presentationContextId, byte header, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        FireLocal(Evt9);
        var length = 12 + data.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var writer = new FixedBufferWriter(buffer);
        PduWriter.WritePDataHeader(writer, (uint)(6 + data.Length));
        PduWriter.WritePdvHeader(writer, data.Length, presentationContextId, header);
        data.Span.CopyTo(buffer.AsSpan(12));
        await EnqueueAsync(new Outbound(buffer, length, Pooled: true, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A-RELEASE as requestor (AR-1, then AR-3 when A-RELEASE-RP arrives), bounded by ARTIM.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await _messageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            FireLocal(Evt11);
            await EnqueueAsync(ReleaseRqPdu.Instance, cancellationToken).ConfigureAwait(false);
            await _released.Task.WaitAsync(_timeouts.Artim, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var timeout = new DicomTimeoutException(DicomTimer.Artim, _timeouts.Artim);
            await AbortAsync(timeout).ConfigureAwait(false);
            throw timeout;
        }
        finally
        {
            _messageLock.Release();
        }

        await Completion.ConfigureAwait(false);
    }

    /// <summary>A-ABORT from the local user (AA-1), then close. Safe to call in any state, more than once.</summary>
    public async Task AbortAsync(Exception? reason)
    {
        await AbortCoreAsync(reason).ConfigureAwait(false);
        await WaitStoppedAsync().ConfigureAwait(false);
    }

    /// <summary>The abort without waiting for the loops, for use from inside them.</summary>
    private async Task AbortCoreAsync(Exception? reason)
    {
        UpperLayerAction action;
        lock (_fsmLock)
        {
            action = _machine.Fire(Evt15);
        }

        if (action == AA1)
        {
            AssociationLog.Aborted(_logger, Id, State, reason?.Message ?? "aborted by the local user");
            await SendFinalAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)).ConfigureAwait(false);
        }

        Break(reason ?? new AssociationAbortedException(AbortSource.ServiceUser, AbortReason.NotSpecified, "aborted locally"));
    }

    // ---- read loop ------------------------------------------------------------------

    private async Task ReadLoopAsync()
    {
        var input = _connection.Transport.Input;
        try
        {
            while (true)
            {
                var (timer, timeout) = DeadlineFor(State);
                ArmReadDeadline(timeout);

                ReadResult result;
                try
                {
                    result = await input.ReadAsync(_readDeadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_lifetime.IsCancellationRequested)
                {
                    await OnTimerAsync(timer, timeout).ConfigureAwait(false);
                    return;
                }

                if (result.IsCanceled)
                {
                    return;
                }

                var buffer = result.Buffer;
                var keepReading = true;
                try
                {
                    while (keepReading && PduReader.TryReadPdu(ref buffer, _limits, out var pdu))
                    {
                        keepReading = await OnPduAsync(pdu).ConfigureAwait(false);
                    }
                }
                catch (PeerProtocolException e)
                {
                    input.AdvanceTo(buffer.Start);
                    await OnInvalidPduAsync(e).ConfigureAwait(false);
                    return;
                }

                if (!keepReading)
                {
                    input.AdvanceTo(buffer.Start);
                    return;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    await OnTransportClosedAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Break() already recorded why.
        }
        catch (ConnectionClosedException e)
        {
            Break(e);
        }
        catch (Exception e)
        {
            Break(e);
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);

            // Only the read loop touches the receiver, so a half-received message is dropped
            // here and never raced by a Break on another thread.
            _receiver?.OnClosed(_failure);
        }
    }

    /// <summary>
    /// Re-arms the read deadline only when its length changed or an eighth of it has passed:
    /// re-arming a timer on every socket read costs more than the reads (timer-queue locks),
    /// so deadlines are accurate to 1/8 of their length, never longer than configured.
    /// </summary>
    private void ArmReadDeadline(TimeSpan timeout)
    {
        var now = Environment.TickCount64;
        if (timeout == _armedTimeout && (now - _armedAt) * 8 < (long)timeout.TotalMilliseconds && !_readDeadline.IsCancellationRequested)
        {
            return;
        }

        if (!_readDeadline.TryReset())
        {
            _readDeadline.Dispose();
            _readDeadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        }

        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _readDeadline.CancelAfter(timeout);
        }

        _armedTimeout = timeout;
        _armedAt = now;
    }

    private (DicomTimer Timer, TimeSpan Timeout) DeadlineFor(UpperLayerState state) => state switch
    {
        Sta5 => (DicomTimer.AssociationRequest, _timeouts.AssociationRequest),
        Sta6 when _assembler?.InMessage == true => (DicomTimer.Dimse, _timeouts.Dimse),
        Sta6 => (DicomTimer.Idle, _timeouts.Idle),
        _ => (DicomTimer.Artim, _timeouts.Artim),
    };

    private async Task OnTimerAsync(DicomTimer timer, TimeSpan after)
    {
        var state = State;
        AssociationLog.TimerExpired(_logger, Id, timer, state);
        var timeout = new DicomTimeoutException(timer, after);
        UpperLayerAction action;
        lock (_fsmLock)
        {
            action = _machine.Fire(Evt18);
        }

        if (action == AA2)
        {
            // ARTIM in Sta2 (no request came) or Sta13 (the peer did not close): just close.
            if (state == Sta13)
            {
                await CloseAsync().ConfigureAwait(false);
            }
            else
            {
                Break(timeout);
            }

            return;
        }

        await AbortCoreAsync(timeout).ConfigureAwait(false);
    }

    private async Task OnInvalidPduAsync(PeerProtocolException error)
    {
        var state = State;
        AssociationLog.ProtocolError(_logger, Id, state, error.Message);
        UpperLayerAction action;
        lock (_fsmLock)
        {
            action = _machine.Fire(Evt19);
        }

        await AbortAsProviderAsync(action, error.AbortReason, error).ConfigureAwait(false);
    }

    private async Task AbortAsProviderAsync(UpperLayerAction action, AbortReason reason, Exception error)
    {
        if (action is AA1 or AA7 or AA8)
        {
            var source = action == AA1 ? AbortSource.ServiceUser : AbortSource.ServiceProvider;
            await SendFinalAsync(new AbortPdu(source, source == AbortSource.ServiceProvider ? reason : AbortReason.NotSpecified)).ConfigureAwait(false);
        }

        Break(error);
    }

    private async Task OnTransportClosedAsync()
    {
        var state = State;
        AssociationLog.ConnectionClosed(_logger, Id, state);
        UpperLayerAction action;
        lock (_fsmLock)
        {
            action = _machine.Fire(Evt17);
        }

        if (action == AR5)
        {
            await CloseAsync().ConfigureAwait(false);
            return;
        }

        Break(new ConnectionClosedException($"The peer closed the connection in {state}."));
    }

    private async Task<bool> OnPduAsync(ProtocolDataUnit pdu)
    {
        var evt = pdu.Type switch
        {
            PduType.AssociateAc => Evt3,
            PduType.AssociateRj => Evt4,
            PduType.AssociateRq => Evt6,
            PduType.PDataTf => Evt10,
            PduType.ReleaseRq => Evt12,
            PduType.ReleaseRp => Evt13,
            _ => Evt16,
        };
        UpperLayerState before;
        UpperLayerAction action;
        lock (_fsmLock)
        {
            before = _machine.State;
            action = _machine.Fire(evt);
        }

        switch (action)
        {
            case AE3:
                return OnAccepted((AssociateAcPdu)pdu);
            case AE4:
                {
                    var rj = (AssociateRjPdu)pdu;
                    var rejected = new AssociationRejectedException(rj.Result, rj.Source, rj.Reason);
                    AssociationLog.Rejected(_logger, Id, _sentRequest!.CallingAeTitle, _sentRequest.CalledAeTitle, rj.Result, rj.Source, rj.Reason);
                    _established.TrySetException(rejected);
                    Break(rejected);
                    return false;
                }

            case AE6:
                await OnRequestedAsync((AssociateRqPdu)pdu).ConfigureAwait(false);
                return true;
            case DT2 or AR6:
                foreach (var value in ((PDataTfPdu)pdu).Values)
                {
                    await _assembler!.ReceiveAsync(value, _lifetime.Token).ConfigureAwait(false);
                }

                return true;
            case AR2:
                await OnReleaseRequestedAsync().ConfigureAwait(false);
                return true;
            case AR3:
                AssociationLog.Released(_logger, Id);
                _released.TrySetResult();
                await CloseAsync().ConfigureAwait(false);
                return false;
            case AR8:
                if (_machine.IsRequestor)
                {
                    // Release collision, requestor side: answer first (AR-9), then wait for our RP (AR-3).
                    FireLocal(Evt14);
                    await EnqueueAsync(ReleaseRpPdu.Instance, _lifetime.Token).ConfigureAwait(false);
                }

                return true;
            case AR10:
                FireLocal(Evt14);
                await EnqueueAsync(ReleaseRpPdu.Instance, _lifetime.Token).ConfigureAwait(false);
                _released.TrySetResult();
                return true;
            case AA3:
                {
                    var abort = (AbortPdu)pdu;
                    AssociationLog.Aborted(_logger, Id, before, $"A-ABORT from peer ({abort.Source}, {abort.Reason})");
                    Break(new AssociationAbortedException(abort.Source, abort.Reason));
                    return false;
                }

            case AA2:
                Break(new AssociationAbortedException(AbortSource.ServiceUser, AbortReason.NotSpecified, "A-ABORT before the association was established"));
                return false;
            case AA6:
                return true;
            default:
                {
                    var error = new PeerProtocolException($"{pdu.Type} PDU is not allowed in {before}") { AbortReason = AbortReason.UnexpectedPdu };
                    AssociationLog.ProtocolError(_logger, Id, before, error.Message);
                    await AbortAsProviderAsync(action, AbortReason.UnexpectedPdu, error).ConfigureAwait(false);
                    return false;
                }
        }
    }

    private bool OnAccepted(AssociateAcPdu accept)
    {
        AssociationContext context;
        try
        {
            context = RequestorNegotiation.Interpret(_sentRequest!, accept, Id);
        }
        catch (PeerProtocolException e)
        {
            _ = AbortCoreAsync(e);
            return false;
        }

        Establish(context);
        return true;
    }

    private async Task OnRequestedAsync(AssociateRqPdu request)
    {
        var settings = _acceptor!;
        var decision = AcceptorNegotiation.Precheck(request);
        if (decision is null)
        {
            try
            {
                decision = await settings.Policy.DecideAsync(request, settings.Info, _lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AssociationLog.PolicyFailed(_logger, Id, e);
                decision = AssociationDecision.Reject(RejectResult.Transient, RejectSource.ServiceUser, RejectReason.NoReasonGiven);
            }
        }

        if (decision.IsAccepted)
        {
            var (accept, context) = AcceptorNegotiation.Accept(request, decision, Id, settings.MaxPduLength, settings.MaxOperations);
            FireLocal(Evt7);
            Establish(context);
            await EnqueueAsync(accept, _lifetime.Token).ConfigureAwait(false);
            return;
        }

        var rj = decision.Rejection!;
        AssociationLog.Rejected(_logger, Id, request.CallingAeTitle, request.CalledAeTitle, rj.Result, rj.Source, rj.Reason);
        FireLocal(Evt8);
        _established.TrySetException(new AssociationRejectedException(rj.Result, rj.Source, rj.Reason));
        await EnqueueAsync(rj, _lifetime.Token).ConfigureAwait(false);

        // Sta13: the read loop now waits, under ARTIM, for the requestor to close.
    }

    private void Establish(AssociationContext context)
    {
        Context = context;
        _receiver = _receiverFactory(this, context);
        _assembler = new PdvAssembler(context, _receiver);
        AssociationLog.Established(_logger, Id, context.CallingAeTitle, context.CalledAeTitle,
            context.PresentationContexts.Count(c => c.IsAccepted), context.PresentationContexts.Count, context.MaxPduLengthToPeer, context.MaxPduLengthFromPeer);
        _established.TrySetResult(context);
    }

    private async Task OnReleaseRequestedAsync()
    {
        if (_assembler!.InMessage)
        {
            throw new PeerProtocolException("A-RELEASE-RQ in the middle of a message") { AbortReason = AbortReason.UnexpectedPdu };
        }

        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token))
        {
            deadline.CancelAfter(_timeouts.Dimse);
            await _receiver!.OnReleaseRequestedAsync(deadline.Token).ConfigureAwait(false);
        }

        // Outstanding responses are out; answer in order behind them (AR-4).
        await _messageLock.WaitAsync(_lifetime.Token).ConfigureAwait(false);
        try
        {
            FireLocal(Evt14);
            await EnqueueAsync(ReleaseRpPdu.Instance, _lifetime.Token).ConfigureAwait(false);
        }
        finally
        {
            _messageLock.Release();
        }

        AssociationLog.Released(_logger, Id);
        _released.TrySetResult();
    }

    // ---- writing -----------------------------------------------------------------------

    private ValueTask EnqueueAsync(ProtocolDataUnit pdu, CancellationToken cancellationToken, TaskCompletionSource? sent = null)
    {
        var bytes = PduWriter.ToArray(pdu);
        return EnqueueAsync(new Outbound(bytes, bytes.Length, Pooled: false, sent), cancellationToken);
    }

    private async ValueTask EnqueueAsync(Outbound item, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            await _outbound.Writer.WriteAsync(item, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelClosedException || (e is OperationCanceledException && _lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            item.Release();
            throw _failure as DicomNetworkException ?? new ConnectionClosedException("The association has ended.", _failure);
        }
        catch
        {
            item.Release();
            throw;
        }
    }

    /// <summary>Queues a last PDU (A-ABORT) and waits, briefly, for it to reach the transport.</summary>
    private async Task SendFinalAsync(ProtocolDataUnit pdu)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var bytes = PduWriter.ToArray(pdu);
            if (_outbound.Writer.TryWrite(new Outbound(bytes, bytes.Length, Pooled: false, sent)))
            {
                await sent.Task.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TimeoutException or ConnectionClosedException or OperationCanceledException)
        {
            // Best effort: the connection is closed next anyway.
        }
    }

    private async Task WriteLoopAsync()
    {
        var output = _connection.Transport.Output;
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_lifetime.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        output.Write(item.Buffer.AsSpan(0, item.Length));
                    }
                    finally
                    {
                        item.Release();
                    }

                    var flush = await output.FlushAsync(_lifetime.Token).ConfigureAwait(false);
                    item.Sent?.TrySetResult();
                    if (flush.IsCompleted)
                    {
                        throw new ConnectionClosedException("The peer closed the connection while we were sending.");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Break(e);
        }
        finally
        {
            while (reader.TryRead(out var item))
            {
                item.Release();
                item.Sent?.TrySetResult();
            }
        }
    }

    // ---- ending ----------------------------------------------------------------------

    /// <summary>Normal end (AR-3, AR-5, AE-4 and Sta13 closes): drain what is queued, then close.</summary>
    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        try
        {
            await _writing.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _established.TrySetException(new ConnectionClosedException("The association closed before it was established."));
        _released.TrySetResult();
        _lifetime.Cancel();
        _connection.Abort();
        _completed.TrySetResult();
    }

    /// <summary>
    /// The one fatal path, like Npgsql's <c>Break</c>: record the reason once, stop both
    /// loops, close the transport and fail everything waiting.
    /// </summary>
    private void Break(Exception reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _failure = reason;
        _outbound.Writer.TryComplete();
        try
        {
            _lifetime.Cancel();
        }
        catch (AggregateException)
        {
        }

        _connection.Abort();
        _established.TrySetException(reason);
        _released.TrySetException(reason);
        _completed.TrySetResult();
    }

    private async Task WaitStoppedAsync() =>
        await Task.WhenAll(_reading, _writing).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private void FireLocal(UpperLayerEvent evt)
    {
        lock (_fsmLock)
        {
            var state = _machine.State;
            if (_machine.Fire(evt) == None)
            {
                throw _failure as DicomNetworkException
                    ?? (DicomNetworkException)new ConnectionClosedException($"{evt} is not possible in {state}: the association is not in a state to do that.", _failure);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _ended) == 0)
        {
            await AbortAsync(null).ConfigureAwait(false);
        }

        await WaitStoppedAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _readDeadline.Dispose();
        _lifetime.Dispose();
        _messageLock.Dispose();
    }
}
