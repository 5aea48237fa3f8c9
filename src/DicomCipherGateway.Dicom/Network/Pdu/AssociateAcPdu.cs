namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-AC (PS3.8 §9.3.3). The AE title fields echo the request; the standard says
/// the requestor shall not test them, and we do not.
/// </summary>
public sealed record AssociateAcPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContextName,
    IReadOnlyList<PresentationContextResultItem> PresentationContexts,
    UserInformationItem UserInformation,
    ushort ProtocolVersion = 1) : ProtocolDataUnit
{
    public override PduType Type => PduType.AssociateAc;
}
