namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>SOP class common extended negotiation sub-item (PS3.7 D.3.3.6).</summary>
public sealed record SopClassCommonExtendedNegotiationItem(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClassUids);
