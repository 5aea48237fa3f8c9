using static DicomCipherGateway.Dicom.Tests.Network.Pdu.Bytes;

namespace DicomCipherGateway.Dicom.Tests.Network.Pdu;

/// <summary>Hand-built PDUs following the tables of PS3.8 §9.3 and PS3.7 Annex D.</summary>
internal static class PduFixtures
{
    public const string AppContext = "1.2.840.10008.3.1.1.1";
    public const string Verification = "1.2.840.10008.1.1";
    public const string ImplicitLittle = "1.2.840.10008.1.2";
    public const string ExplicitLittle = "1.2.840.10008.1.2.1";
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>An echoscu-like request: one context, max length 16384, class UID and version name.</summary>
    public static byte[] EchoRequest() => PduBytes(0x01,
        Hex("0001 0000"), Ae("ANY-SCP"), Ae("ECHOSCU"), new byte[32],
        Item(0x10, Ascii(AppContext)),
        Item(0x20, Hex("01 00 00 00"), Item(0x30, Ascii(Verification)), Item(0x40, Ascii(ImplicitLittle)), Item(0x40, Ascii(ExplicitLittle))),
        Item(0x50, Item(0x51, Hex("00004000")), Item(0x52, Ascii("1.2.3.4")), Item(0x55, Ascii("TEST_1"))));

    /// <summary>A request that carries every user information sub-item PS3.7 defines, plus an unknown one.</summary>
    public static byte[] FullRequest() => PduBytes(0x01,
        Hex("0001 0000"), Ae("STORE-SCP"), Ae("MODALITY"), new byte[32],
        Item(0x10, Ascii(AppContext)),
        Item(0x20, Hex("01 00 00 00"), Item(0x30, Ascii(CtImageStorage)), Item(0x40, Ascii(ExplicitLittle))),
        Item(0x20, Hex("03 00 00 00"), Item(0x30, Ascii(Verification)), Item(0x40, Ascii(ImplicitLittle))),
        Item(0x50,
            Item(0x51, Hex("00010000")),
            Item(0x52, Ascii("1.2.3.4.5")),
            Item(0x53, Hex("0005 0001")),
            Item(0x54, U16(CtImageStorage.Length), Ascii(CtImageStorage), Hex("01 01")),
            Item(0x55, Ascii("MOD_2")),
            Item(0x56, U16(CtImageStorage.Length), Ascii(CtImageStorage), Hex("01 00 02")),
            Concat(
                Hex("57 00"),
                U16(2 + CtImageStorage.Length + 2 + 17 + 2 + 2 + 9),
                U16(CtImageStorage.Length), Ascii(CtImageStorage),
                U16(17), Ascii("1.2.840.10008.4.2"),
                U16(2 + 9), U16(9), Ascii("1.2.3.4.6")),
            Item(0x58, Hex("02 01"), U16(4), Ascii("user"), U16(6), Ascii("secret")),
            Item(0x7A, Hex("CAFE"))));

    public static byte[] EchoAccept() => PduBytes(0x02,
        Hex("0001 0000"), Ae("ANY-SCP"), Ae("ECHOSCU"), new byte[32],
        Item(0x10, Ascii(AppContext)),
        Item(0x21, Hex("01 00 00 00"), Item(0x40, Ascii(ImplicitLittle))),
        Item(0x21, Hex("03 00 03 00"), Item(0x40, Ascii(string.Empty))),
        Item(0x50,
            Item(0x51, Hex("00008000")),
            Item(0x52, Ascii("1.2.3.4")),
            Item(0x53, Hex("0001 0001")),
            Item(0x54, U16(CtImageStorage.Length), Ascii(CtImageStorage), Hex("00 01")),
            Item(0x59, U16(3), Ascii("tok"))));

    public static byte[] Reject() => Hex("03 00 00000004 00 01 01 07");

    public static byte[] ReleaseRq() => Hex("05 00 00000004 00000000");

    public static byte[] ReleaseRp() => Hex("06 00 00000004 00000000");

    public static byte[] Abort() => Hex("07 00 00000004 00 00 02 06");

    /// <summary>Two PDVs: a last command fragment on context 1, a non-last data fragment on context 3.</summary>
    public static byte[] PData() => PduBytes(0x04,
        Hex("00000006 01 03"), Hex("AABBCCDD"),
        Hex("00000005 03 00"), Hex("010203"));
}
