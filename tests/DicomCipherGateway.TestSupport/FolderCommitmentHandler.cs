using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// Storage commitment over a folder written by <see cref="DirectoryStoreHandler"/>: an instance is
/// committed when its file is there, otherwise it fails with 0112 (no such object instance).
/// </summary>
public sealed class FolderCommitmentHandler(string directory) : IStorageCommitmentHandler
{
    public const ushort NoSuchObjectInstance = 0x0112;

    public ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var held = request.References.ToLookup(r => File.Exists(Path.Combine(directory, r.SopInstanceUid + ".dcm")));
        return ValueTask.FromResult(new StorageCommitmentResult(
            request.TransactionUid,
            [.. held[true]],
            [.. held[false].Select(r => new FailedSopReference(r, NoSuchObjectInstance))]));
    }
}
