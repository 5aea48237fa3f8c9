namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A decoded Protocol Data Unit (PS3.8 §9.3).</summary>
public abstract record ProtocolDataUnit
{
    public abstract PduType Type { get; }
}
