namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RQ (PS3.8 §9.3.2).</summary>
public sealed record AssociateRqPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContextName,
    IReadOnlyList<PresentationContextRequestItem> PresentationContexts,
    UserInformationItem UserInformation,
    ushort ProtocolVersion = 1) : ProtocolDataUnit
{
    public override PduType Type => PduType.AssociateRq;
}
