namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RJ (PS3.8 §9.3.4). <see cref="Reason"/> depends on <see cref="Source"/>.</summary>
public sealed record AssociateRjPdu(RejectResult Result, RejectSource Source, byte Reason) : ProtocolDataUnit
{
    public override PduType Type => PduType.AssociateRj;
}
