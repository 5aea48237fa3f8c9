using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>A received C-MOVE-RQ or C-GET-RQ: information model, identifier and, for C-MOVE, the destination AE title.</summary>
public sealed record CRetrieveRequest(string SopClassUid, DicomDataset Identifier, ushort MessageId, DimsePriority Priority = DimsePriority.Medium, string? MoveDestination = null)
{
    /// <summary>Query/Retrieve Level (0008,0052): PATIENT, STUDY, SERIES or IMAGE.</summary>
    public string? Level => Identifier.GetString(Dictionary.DicomTags.QueryRetrieveLevel)?.Trim();
}
