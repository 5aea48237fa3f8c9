using System.Text;

namespace DicomCipherGateway.Dicom.Tests.Network.Pdu;

/// <summary>Builds byte fixtures from hex and ASCII pieces, the way PS3.8 §9.3 lays PDUs out.</summary>
internal static class Bytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Ae(string title) => Ascii(title.PadRight(16));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>An item: type, reserved, 16-bit big-endian length, value.</summary>
    public static byte[] Item(byte type, params byte[][] value)
    {
        var body = Concat(value);
        return Concat([type, 0, (byte)(body.Length >> 8), (byte)body.Length], body);
    }

    /// <summary>A PDU: type, reserved, 32-bit big-endian length, body.</summary>
    public static byte[] PduBytes(byte type, params byte[][] value)
    {
        var body = Concat(value);
        return Concat([type, 0, (byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length], body);
    }

    public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
