namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>A SOP instance by class and instance UID (an item of the Referenced SOP Sequence).</summary>
public readonly record struct SopReference(string SopClassUid, string SopInstanceUid);
