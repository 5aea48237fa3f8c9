namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RQ (PS3.8 §9.3.6).</summary>
public sealed record ReleaseRqPdu : ProtocolDataUnit
{
    public static ReleaseRqPdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseRq;
}
