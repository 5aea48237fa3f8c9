using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// One instance from the PACS (or the spool), decrypted (<see cref="File"/>) or failed
/// (<see cref="File"/> null, <see cref="FailureStatus"/>).
/// </summary>
internal sealed class FetchedInstance(string sopInstanceUid, DicomFile? file, DicomStatus failureStatus, int remaining)
{
    public string SopInstanceUid { get; } = sopInstanceUid;

    public DicomFile? File { get; } = file;

    public DicomStatus FailureStatus { get; } = failureStatus;

    /// <summary>Instances still expected after this one (from the PACS's count of matches).</summary>
    public int Remaining { get; } = remaining;
}
