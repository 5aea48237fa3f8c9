using System.Globalization;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>Writes each received instance to FOLDER/SOPInstanceUID.dcm (Part 10, moved into place when complete) and prints one line.</summary>
internal sealed class FolderStoreHandler(string folder) : ICStoreHandler
{
    private int _count;

    public int Count => _count;

    public async ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken)
    {
        if (request.SopInstanceUid.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || request.SopInstanceUid.StartsWith('.'))
        {
            return StoreBeginResult.Refuse(DicomStatus.CannotUnderstand);
        }

        return StoreBeginResult.Accept(await Part10FileSink.CreateAsync(Path.Combine(folder, request.SopInstanceUid + ".dcm"), request, context.CallingAeTitle, cancellationToken));
    }

    public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var count = Interlocked.Increment(ref _count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"received #{count} {request.SopInstanceUid} from {context.CallingAeTitle}, {((Part10FileSink)sink).Length} bytes"));
        return ValueTask.FromResult(DicomStatus.Success);
    }
}
