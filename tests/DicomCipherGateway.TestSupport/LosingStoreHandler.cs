using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.TestSupport;

/// <summary>Stores like <paramref name="inner"/> and answers Success, but then loses the file of one instance (a disk that fails after the fact).</summary>
public sealed class LosingStoreHandler(ICStoreHandler inner, string lostSopInstanceUid) : ICStoreHandler
{
    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        inner.BeginStoreAsync(request, context, cancellationToken);

    public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var status = await inner.CompleteStoreAsync(request, sink, context, cancellationToken);
        if (request.SopInstanceUid == lostSopInstanceUid && sink is Part10FileSink file)
        {
            File.Delete(file.Path);
        }

        return status;
    }
}
