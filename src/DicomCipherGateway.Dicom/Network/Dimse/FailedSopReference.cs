namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// An instance whose storage could not be committed, with its Failure Reason (0008,1197):
/// 0110 processing failure, 0112 no such object instance, 0119 class-instance conflict,
/// 0122 SOP class not supported, 0213 resource limitation, 0131 duplicate transaction UID.
/// </summary>
public readonly record struct FailedSopReference(SopReference Reference, ushort FailureReason);
