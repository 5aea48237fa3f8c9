using System.Buffers;
using DicomCipherGateway.Dicom.Network.Association;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// The requestor's receiver: responses to our requests are buffered for the caller; requests
/// from the acceptor (C-STORE sub-operations of a C-GET, N-EVENT-REPORT) go to a dispatcher,
/// exactly as on a server, so they stream into the application's sink.
/// </summary>
internal sealed class ClientMessageReceiver(BufferingMessageReceiver responses, IMessageReceiver requests, StoreHandlerSlot storeSlot, CommitmentReportCollector reports) : IMessageReceiver
{
    private IMessageReceiver? _current;

    public BufferingMessageReceiver Responses => responses;

    public StoreHandlerSlot StoreSlot => storeSlot;

    public CommitmentReportCollector Reports => reports;

    public ValueTask OnCommandAsync(byte presentationContextId, ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        _current = DimseCommandProbe.IsResponse(command) ? responses : requests;
        return _current.OnCommandAsync(presentationContextId, command, cancellationToken);
    }

    public ValueTask OnDataAsync(byte presentationContextId, ReadOnlySequence<byte> fragment, bool last, CancellationToken cancellationToken)
    {
        var target = _current ?? throw new PeerProtocolException("A data set arrived without a command that announced one") { AbortReason = AbortReason.UnexpectedPduParameter };
        return target.OnDataAsync(presentationContextId, fragment, last, cancellationToken);
    }

    public async ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken)
    {
        await requests.OnReleaseRequestedAsync(cancellationToken).ConfigureAwait(false);
        await responses.OnReleaseRequestedAsync(cancellationToken).ConfigureAwait(false);
    }

    public void OnClosed(Exception? reason)
    {
        requests.OnClosed(reason);
        responses.OnClosed(reason);
        reports.Fail(reason as DicomNetworkException ?? new ConnectionClosedException("The association ended before the storage commitment report arrived.", reason));
    }
}
