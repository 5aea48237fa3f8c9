using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Retrieve;

namespace DicomCipherGateway.Dimse;

/// <summary>
/// The listener's one C-STORE handler: the PACS's sub-operations of the gateway's own C-MOVEs go
/// to the retrieve path (<see cref="MoveInbox"/>: decrypted in memory and delivered), everything
/// else to <see cref="GatewayStoreHandler"/> (modalities: sealed, spooled, forwarded). The choice
/// depends only on the request (calling AE and Move Originator AE Title), so both phases of one
/// C-STORE take the same way.
/// </summary>
internal sealed class GatewayStoreRouter(GatewayStoreHandler modalities, MoveInbox moves) : ICStoreHandler
{
    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        moves.IsSubOperation(request, context) ? moves.BeginStoreAsync(request, context, cancellationToken) : modalities.BeginStoreAsync(request, context, cancellationToken);

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken) =>
        moves.IsSubOperation(request, context) ? moves.CompleteStoreAsync(request, sink, context, cancellationToken) : modalities.CompleteStoreAsync(request, sink, context, cancellationToken);
}
