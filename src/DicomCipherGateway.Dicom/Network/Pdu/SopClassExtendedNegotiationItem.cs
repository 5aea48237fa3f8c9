namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>SOP class extended negotiation sub-item (PS3.7 D.3.3.5); the information is service-class specific.</summary>
public sealed record SopClassExtendedNegotiationItem(string SopClassUid, ReadOnlyMemory<byte> ServiceClassApplicationInformation);
