using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Association;
using DicomCipherGateway.Dicom.Network.UpperLayer;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// An established association as requestor. One owner: concurrent operations throw, as in
/// Npgsql. Disposing releases it (or aborts it when a release is not possible).
/// </summary>
public sealed class DicomClientAssociation : IAsyncDisposable
{
    private readonly AssociationEngine _engine;
    private readonly BufferingMessageReceiver _receiver;
    private readonly AssociationTimeouts _timeouts;
    private int _inUse;

    internal DicomClientAssociation(AssociationEngine engine, BufferingMessageReceiver receiver, AssociationTimeouts timeouts)
    {
        _engine = engine;
        _receiver = receiver;
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
