using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// The store handler of the C-GET in progress on a client association. C-STORE requests that
/// arrive outside a C-GET are refused (Not authorized), never stored.
/// </summary>
internal sealed class StoreHandlerSlot : ICStoreHandler
{
    private volatile ICStoreHandler? _current;

    public ICStoreHandler? Current
    {
        get => _current;
        set => _current = value;
    }

    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        _current is { } handler ? handler.BeginStoreAsync(request, context, cancellationToken) : ValueTask.FromResult(StoreBeginResult.Refuse(DicomStatus.NotAuthorized));

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken) =>
        _current is { } handler ? handler.CompleteStoreAsync(request, sink, context, cancellationToken) : ValueTask.FromResult(DicomStatus.NotAuthorized);
}
