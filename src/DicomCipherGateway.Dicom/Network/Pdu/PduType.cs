namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>PDU types of PS3.8 §9.3.1.</summary>
public enum PduType : byte
{
    AssociateRq = 0x01,
    AssociateAc = 0x02,
    AssociateRj = 0x03,
    PDataTf = 0x04,
    ReleaseRq = 0x05,
    ReleaseRp = 0x06,
    Abort = 0x07,
}
