using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// One instance from the PACS, decrypted (<see cref="File"/>) or failed (<see cref="File"/> null,
/// <see cref="FailureStatus"/>). The PACS's C-STORE sub-operation is answered only once the consumer
/// calls <see cref="Complete"/>: one instance in flight, so memory stays bounded whatever the study's size.
/// </summary>
internal sealed class FetchedInstance(string sopInstanceUid, DicomFile? file, DicomStatus failureStatus, int remaining)
{
    private readonly TaskCompletionSource<DicomStatus> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string SopInstanceUid { get; } = sopInstanceUid;

    public DicomFile? File { get; } = file;

    public DicomStatus FailureStatus { get; } = failureStatus;

    /// <summary>Instances still expected after this one (from the PACS's count of matches).</summary>
    public int Remaining { get; } = remaining;

    public void Complete(DicomStatus status) => _done.TrySetResult(status);

    public Task<DicomStatus> Completion => _done.Task;
}
