using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Tests.Network.Pdu;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>Valid PDU byte streams for the test server (called AE TEST-SCP), to send raw or to mutate.</summary>
internal static class PeerBytes
{
    public static byte[] AssociateRq(uint maxPdu = 16384) => PduWriter.ToArray(new AssociateRqPdu(
        "TEST-SCP",
        "RAW-PEER",
        AssociationDefaults.ApplicationContextName,
        [
            new PresentationContextRequestItem(1, DicomUids.VerificationSOPClass.Value, [DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
            new PresentationContextRequestItem(3, DicomUids.CTImageStorage.Value, [DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
        ],
        new UserInformationItem { MaximumLength = maxPdu, ImplementationClassUid = "1.2.3" }));

    public static byte[] PData(byte contextId, byte header, byte[] data) =>
        Bytes.PduBytes(0x04, Bytes.Concat([(byte)((data.Length + 2) >> 24), (byte)((data.Length + 2) >> 16), (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2), contextId, header], data));

    public static byte[] EchoRq(ushort id = 1) => PData(1, 0x03, EchoCommands.Request(id));

    public static byte[] ReleaseRq() => Bytes.Hex("05 00 00000004 00000000");

    public static byte[] Abort() => Bytes.Hex("07 00 00000004 00000000");

    public static byte[] ValidEchoSession() => Bytes.Concat(AssociateRq(), EchoRq(), ReleaseRq());
}
