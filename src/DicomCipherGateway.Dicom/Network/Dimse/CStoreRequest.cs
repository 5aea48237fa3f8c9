using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>A received C-STORE-RQ as the storage handler sees it (no patient data, only identifiers).</summary>
public sealed record CStoreRequest(
    string SopClassUid,
    string SopInstanceUid,
    DicomTransferSyntax TransferSyntax,
    ushort MessageId,
    DimsePriority Priority = DimsePriority.Medium,
    string? MoveOriginatorAeTitle = null,
    ushort? MoveOriginatorMessageId = null);
