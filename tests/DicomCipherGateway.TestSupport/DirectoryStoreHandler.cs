using System.Collections.Concurrent;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.TestSupport;

/// <summary>Stores each instance as a Part 10 file named by its SOP Instance UID.</summary>
public sealed class DirectoryStoreHandler(string directory) : ICStoreHandler
{
    public ConcurrentQueue<string> Files { get; } = new();

    public async ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        StoreBeginResult.Accept(await Part10FileSink.CreateAsync(Path.Combine(directory, request.SopInstanceUid + ".dcm"), request, context.CallingAeTitle, cancellationToken));

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        Files.Enqueue(((Part10FileSink)sink).Path);
        return ValueTask.FromResult(DicomStatus.Success);
    }
}
