namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// P-DATA-TF (PS3.8 §9.3.5). The values' data are slices of the receive buffer: they are
/// valid only until the reader advances past this PDU, so consume or copy them first.
/// </summary>
public sealed record PDataTfPdu(IReadOnlyList<PresentationDataValue> Values) : ProtocolDataUnit
{
    public override PduType Type => PduType.PDataTf;
}
