namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// One finished C-STORE sub-operation of a C-MOVE, as the move handler reports it, with the
/// number of sub-operations still to do after it (for the Pending response's counts).
/// </summary>
public readonly record struct SubOperationResult(string SopInstanceUid, DicomStatus Status, int Remaining);
