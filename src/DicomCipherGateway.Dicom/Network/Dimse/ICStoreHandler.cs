namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Receives C-STORE in two phases: <see cref="BeginStoreAsync"/> chooses the sink (or refuses)
/// before the data set arrives; <see cref="CompleteStoreAsync"/> runs once the whole data set
/// is in the sink and returns the status to answer. An association that breaks mid-data-set
/// never reaches <see cref="CompleteStoreAsync"/>; the sink is disposed instead.
/// </summary>
public interface ICStoreHandler
{
    ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken);

    ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken);
}
