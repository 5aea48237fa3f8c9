using System.Buffers.Binary;
using System.Text;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>
/// C-ECHO command sets written by hand in Implicit VR Little Endian (PS3.7 §9.3.5), as byte
/// fixtures for the upper layer, independent of the library's DIMSE code.
/// </summary>
internal static class EchoCommands
{
    public const string Verification = "1.2.840.10008.1.1";

    public static byte[] Request(ushort messageId) => Command(
        Uid(0x0002, Verification), UShort(0x0100, 0x0030), UShort(0x0110, messageId), UShort(0x0800, 0x0101));

    public static byte[] Response(ushort respondingTo, ushort status = 0) => Command(
        Uid(0x0002, Verification), UShort(0x0100, 0x8030), UShort(0x0120, respondingTo), UShort(0x0800, 0x0101), UShort(0x0900, status));

    /// <summary>A command that announces a data set (Command Data Set Type 0x0000), as C-STORE-RQ does.</summary>
    public static byte[] WithDataSet(ushort messageId) => Command(
        Uid(0x0002, "1.2.840.10008.5.1.4.1.1.7"), UShort(0x0100, 0x0001), UShort(0x0110, messageId), UShort(0x0700, 0), UShort(0x0800, 0x0000));

    public static ushort? ReadUShort(ReadOnlySpan<byte> command, ushort element)
    {
        var offset = 0;
        while (offset + 8 <= command.Length)
        {
            var el = BinaryPrimitives.ReadUInt16LittleEndian(command[(offset + 2)..]);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(command[(offset + 4)..]);
            if (el == element)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(command[(offset + 8)..]);
            }

            offset += 8 + length;
        }

        return null;
    }

    private static byte[] Command(params byte[][] elements)
    {
        var body = elements.SelectMany(e => e).ToArray();
        var groupLength = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength.AsSpan(8), (uint)body.Length);
        return [.. groupLength, .. body];
    }

    private static byte[] UShort(ushort element, ushort value)
    {
        var bytes = new byte[10];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), value);
        return bytes;
    }

    private static byte[] Uid(ushort element, string uid)
    {
        var value = Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");
        var bytes = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)value.Length);
        value.CopyTo(bytes, 8);
        return bytes;
    }
}
