namespace DicomCipherGateway.Dicom.Network;

/// <summary>
/// The peer broke PS3.8: a malformed or truncated PDU, a length over our limit, or a PDU that
/// is not allowed in the current state. <see cref="Offset"/> is the byte offset inside the PDU
/// where decoding failed, when known.
/// </summary>
public sealed class PeerProtocolException : DicomNetworkException
{
    public PeerProtocolException(string message, long offset = -1, byte pduType = 0)
        : base(offset >= 0 ? $"{message} (PDU type 0x{pduType:X2}, offset {offset})" : message)
    {
        Offset = offset;
        PduType = pduType;
    }

    public long Offset { get; }

    public byte PduType { get; }

    /// <summary>The A-ABORT reason to send the peer (PS3.8 Table 9-26).</summary>
    public AbortReason AbortReason { get; init; } = AbortReason.InvalidPduParameterValue;
}
