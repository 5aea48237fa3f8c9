using System.Buffers.Binary;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>
/// Finds Command Data Set Type (0000,0800) in an Implicit VR Little Endian command set,
/// which the upper layer needs to know whether a data set follows (PS3.7 §9.3, §E.1).
/// This is a scan over group 0000's fixed layout, not a data set parser.
/// </summary>
internal static class DimseCommandProbe
{
    private const uint CommandDataSetType = 0x0000_0800;
    private const uint CommandField = 0x0000_0100;
    private const ushort NoDataSet = 0x0101;

    public static bool HasDataSet(ReadOnlyMemory<byte> command) => Find(command, CommandDataSetType) != NoDataSet;

    /// <summary>True for a response (Command Field bit 15 set, PS3.7 Annex E).</summary>
    public static bool IsResponse(ReadOnlyMemory<byte> command) => (Find(command, CommandField) & 0x8000) != 0;

    /// <summary>The value of a US element of the command; -1 when its length is not 2.</summary>
    private static int Find(ReadOnlyMemory<byte> command, uint tag)
    {
        var span = command.Span;
        var offset = 0;
        while (offset + 8 <= span.Length)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 4)..]);
            if (group != 0 || length > (uint)(span.Length - offset - 8))
            {
                throw new PeerProtocolException($"Command set element ({group:X4},{element:X4}) is not a group 0000 element that fits the command") { AbortReason = AbortReason.InvalidPduParameterValue };
            }

            if (((uint)group << 16 | element) == tag)
            {
                return length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 8)..]) : -1;
            }

            offset += 8 + (int)length;
        }

        throw new PeerProtocolException($"The command set has no ({tag >> 16:X4},{tag & 0xFFFF:X4})") { AbortReason = AbortReason.InvalidPduParameterValue };
    }
}
