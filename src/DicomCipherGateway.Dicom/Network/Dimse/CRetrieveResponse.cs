namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// A C-MOVE or C-GET response as the SCU sees it: status, sub-operation counts (Remaining is
/// null when the peer left it out, as it does in most final responses) and the Failed SOP
/// Instance UID List (0008,0058) of a final response.
/// </summary>
public sealed record CRetrieveResponse(DicomStatus Status, int? Remaining, int Completed, int Failed, int Warning, IReadOnlyList<string> FailedSopInstanceUids)
{
    public bool IsFinal => !Status.IsPending;
}
