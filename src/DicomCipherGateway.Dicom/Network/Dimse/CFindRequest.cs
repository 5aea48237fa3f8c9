using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>A received C-FIND-RQ: the information model (SOP class) and the query identifier.</summary>
public sealed record CFindRequest(string SopClassUid, DicomDataset Identifier, ushort MessageId, DimsePriority Priority = DimsePriority.Medium)
{
    /// <summary>Query/Retrieve Level (0008,0052): PATIENT, STUDY, SERIES or IMAGE.</summary>
    public string? Level => Identifier.GetString(Dictionary.DicomTags.QueryRetrieveLevel)?.Trim();
}
