namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// What the reader accepts before it has read a PDU body: the length field is checked first,
/// so a PDU claiming 4 GB fails at its header and allocates nothing.
/// </summary>
public sealed record PduLimits
{
    /// <summary>Largest P-DATA-TF variable field we accept: the maximum length we advertised.</summary>
    public uint MaxPDataLength { get; init; } = 256 * 1024;

    /// <summary>Largest A-ASSOCIATE-RQ/AC we accept (they carry no bulk data).</summary>
    public uint MaxAssociatePduLength { get; init; } = 256 * 1024;

    public static PduLimits Default { get; } = new();
}
