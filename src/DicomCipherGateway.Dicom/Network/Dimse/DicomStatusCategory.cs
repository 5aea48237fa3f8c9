namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>Status classes of PS3.7 Annex C.</summary>
public enum DicomStatusCategory
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}
