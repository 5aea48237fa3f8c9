using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Spool;

/// <summary>A received object, sealed and fsynced, to be admitted to the queue.</summary>
public sealed record SpoolEntry(
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntax,
    string CallingAeTitle,
    DimsePriority Priority,
    string SealedPath,
    long Length,
    string Fingerprint,
    string KeyId);
