namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// Presentation context item of an A-ASSOCIATE-AC (PS3.8 §9.3.3.2). The transfer syntax is
/// significant only when accepted; it is empty when the peer left it out.
/// </summary>
public sealed record PresentationContextResultItem(byte Id, PresentationContextResult Result, string TransferSyntax);
