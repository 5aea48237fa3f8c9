namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A-ABORT (PS3.8 §9.3.8). The reason is significant only for a service-provider source.</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : ProtocolDataUnit
{
    public override PduType Type => PduType.Abort;
}
