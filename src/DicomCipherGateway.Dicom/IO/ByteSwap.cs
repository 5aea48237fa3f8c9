using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DicomCipherGateway.Dicom.IO;

/// <summary>Swaps binary values between little and big endian (Explicit VR Big Endian).</summary>
internal static class ByteSwap
{
    /// <summary>Reverses each <paramref name="unit"/>-byte value of <paramref name="bytes"/> in place; a trailing partial unit is left alone.</summary>
    public static void InPlace(Span<byte> bytes, int unit)
    {
        var whole = bytes.Length - (bytes.Length % unit);
        switch (unit)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }
}
