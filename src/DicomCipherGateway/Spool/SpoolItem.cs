using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Spool;

/// <summary>A queue record as stored.</summary>
public sealed record SpoolItem(
    long Id,
    SpoolState State,
    string SopClassUid,
    string SopInstanceUid,
    string? StudyInstanceUid,
    string TransferSyntax,
    string CallingAeTitle,
    DimsePriority Priority,
    string? SealedPath,
    string? CiphertextPath,
    long Length,
    string Fingerprint,
    string KeyId,
    string? View,
    int Attempts,
    string? LastError,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt);
