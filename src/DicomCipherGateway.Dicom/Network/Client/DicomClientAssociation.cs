using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Association;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.UpperLayer;
using DicomCipherGateway.Dicom.Part10;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// An established association as requestor. One owner: concurrent operations throw, as in
/// Npgsql. Disposing releases it (or aborts it when a release is not possible).
/// </summary>
public sealed partial class DicomClientAssociation : IAsyncDisposable
{
    private readonly AssociationEngine _engine;
    private readonly BufferingMessageReceiver _receiver;
    private readonly StoreHandlerSlot _storeSlot;
    private readonly CommitmentReportCollector _reports;
    private readonly AssociationTimeouts _timeouts;
    private readonly ILogger _logger;
    private int _inUse;
    private int _nextMessageId;

    internal DicomClientAssociation(AssociationEngine engine, ClientMessageReceiver receiver, AssociationTimeouts timeouts, ILogger logger)
    {
        _logger = logger;
        _engine = engine;
        _receiver = receiver.Responses;
        _storeSlot = receiver.StoreSlot;
        _reports = receiver.Reports;
        _timeouts = timeouts;
    }

    public AssociationContext Context => _engine.Context!;

    /// <summary>True until the association is released or broken.</summary>
    public bool IsOpen => _engine.State == UpperLayerState.Sta6;

    /// <summary>Cancelled when the association ends, for whatever reason.</summary>
    public CancellationToken Closed => _engine.Lifetime;

    /// <summary>A-RELEASE: waits for A-RELEASE-RP under ARTIM, then closes the connection.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        using var _ = StartUserAction();
        await _engine.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A-ABORT and close, at once.</summary>
    public Task AbortAsync() => _engine.AbortAsync(null);

    /// <summary>C-ECHO (Verification). A DIMSE failure is the returned status, not an exception.</summary>
    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken)
    {
        using var _ = StartUserAction();
        var context = Context.FindAccepted(DicomUids.VerificationSOPClass)
            ?? throw new DicomNetworkException("The peer did not accept the Verification SOP Class on this association.");
        var request = DimseCommand.Request(DimseCommandField.CEchoRq, NextMessageId(), context.AbstractSyntax.Value, hasDataSet: false);
        await _engine.SendMessageAsync(context.Id, request.Encode(), (Func<Stream, CancellationToken, ValueTask>?)null, cancellationToken).ConfigureAwait(false);
        var response = await ReceiveResponseAsync(request, DimseCommandField.CEchoRsp, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// C-STORE of a Part 10 file. When the peer accepted the file's own transfer syntax, the
    /// encoded data set is copied from the file unchanged; otherwise it is re-encoded in an
    /// accepted native syntax. Either way large values stream from the file.
    /// </summary>
    public async Task<DicomStatus> StoreAsync(string path, CancellationToken cancellationToken)
    {
        var file = await DicomFile.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await StoreCoreAsync(file, path, null, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// C-STORE of a file's data set. It is sent in the accepted transfer syntax: the file's own
    /// when the peer accepted it, otherwise another native syntax (no pixel codec is involved).
    /// </summary>
    public Task<DicomStatus> StoreAsync(DicomFile file, CancellationToken cancellationToken) => StoreCoreAsync(file, null, null, 0, cancellationToken);

    /// <summary>
    /// C-STORE as a sub-operation of a C-MOVE this application performs for
    /// <paramref name="moveOriginatorAeTitle"/>: the request carries Move Originator Application
    /// Entity Title (0000,1030) and Move Originator Message ID (0000,1031), the AE title and
    /// message ID of the C-MOVE-RQ, so the destination can tell which retrieval it belongs to.
    /// </summary>
    public Task<DicomStatus> StoreAsync(DicomFile file, string moveOriginatorAeTitle, ushort moveOriginatorMessageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moveOriginatorAeTitle);
        return StoreCoreAsync(file, null, moveOriginatorAeTitle, moveOriginatorMessageId, cancellationToken);
    }

    private async Task<DicomStatus> StoreCoreAsync(DicomFile file, string? path, string? moveOriginatorAeTitle, ushort moveOriginatorMessageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var _ = StartUserAction();
        var message = StoreMessage.Create(Context, file, path, NextMessageId(), asScp: false, moveOriginatorAeTitle, moveOriginatorMessageId);
        await _engine.SendMessageAsync(message.PresentationContextId, message.Command.Encode(), message.WriteDataSet, cancellationToken).ConfigureAwait(false);
        var response = await ReceiveResponseAsync(message.Command, DimseCommandField.CStoreRsp, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    private async Task<DimseCommand> ReceiveResponseAsync(DimseCommand request, DimseCommandField expected, CancellationToken cancellationToken)
    {
        var raw = await ReceiveRawAsync(cancellationToken).ConfigureAwait(false);
        var response = DimseCommand.Decode(raw.Command);
        if (response.CommandField != expected || response.MessageIdBeingRespondedTo != request.MessageId)
        {
            var error = new PeerProtocolException($"Expected {expected} to message {request.MessageId}, received {response}");
            await _engine.AbortAsync(error).ConfigureAwait(false);
            throw error;
        }

        return response;
    }

    private ushort NextMessageId()
    {
        var id = (ushort)Interlocked.Increment(ref _nextMessageId);
        return id == 0 ? (ushort)Interlocked.Increment(ref _nextMessageId) : id;
    }

    internal async Task SendRawAsync(byte presentationContextId, ReadOnlyMemory<byte> command, Stream? dataSet, CancellationToken cancellationToken)
    {
        using var _ = StartUserAction();
        await _engine.SendMessageAsync(presentationContextId, command, dataSet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next message from the peer, bounded by the DIMSE timeout.</summary>
    internal async Task<RawMessage> ReceiveRawAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeouts.Dimse);
        try
        {
            return await _receiver.Messages.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timeout = new DicomTimeoutException(DicomTimer.Dimse, _timeouts.Dimse);
            await _engine.AbortAsync(timeout).ConfigureAwait(false);
            throw timeout;
        }
        catch (System.Threading.Channels.ChannelClosedException e)
        {
            throw e.InnerException as DicomNetworkException ?? new ConnectionClosedException("The association ended before a response arrived.", e.InnerException);
        }
    }

    private UserAction StartUserAction()
    {
        if (Interlocked.Exchange(ref _inUse, 1) != 0)
        {
            throw new InvalidOperationException("An operation is already in progress on this association; use one association per concurrent caller.");
        }

        return new UserAction(this);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsOpen && Volatile.Read(ref _inUse) == 0)
        {
            try
            {
                using var deadline = new CancellationTokenSource(_timeouts.Artim);
                await _engine.ReleaseAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DicomNetworkException or OperationCanceledException)
            {
                // The release failed; the abort below ends it either way.
            }
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
    }

    private readonly struct UserAction(DicomClientAssociation owner) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref owner._inUse, 0);
    }
}
