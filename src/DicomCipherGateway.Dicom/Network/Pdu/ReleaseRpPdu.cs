namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RP (PS3.8 §9.3.7).</summary>
public sealed record ReleaseRpPdu : ProtocolDataUnit
{
    public static ReleaseRpPdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseRp;
}
