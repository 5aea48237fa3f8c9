using System.Buffers.Binary;
using System.Text;

namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>A growable big-endian buffer with back-patched length fields, for the small PDUs.</summary>
internal sealed class PduBuffer
{
    private byte[] _buffer = new byte[512];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Byte(byte value) => Span(1)[0] = value;

    public void UInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Span(2), value);

    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Span(4), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Span(value.Length));

    public void Zeros(int count) => Span(count).Clear();

    public void Ascii(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7E || c < 0x20)
            {
                throw new ArgumentException($"'{value}' is not printable ASCII.", nameof(value));
            }
        }

        Encoding.ASCII.GetBytes(value, Span(value.Length));
    }

    public void AeTitle(string value)
    {
        if (value.Length is 0 or > 16 || string.IsNullOrWhiteSpace(value) || value.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value}' is not an AE title (1–16 characters, not all spaces, no backslash).", nameof(value));
        }

        Ascii(value.PadRight(16));
    }

    /// <summary>Writes a UID item/field with a 16-bit length in front.</summary>
    public void Uid16(string uid)
    {
        UInt16(checked((ushort)uid.Length));
        Ascii(uid);
    }

    public int BeginLength16()
    {
        var at = _length;
        UInt16(0);
        return at;
    }

    public void EndLength16(int at)
    {
        var length = _length - at - 2;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"An item of {length} bytes does not fit a 16-bit length.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)length);
    }

    public int BeginLength32()
    {
        var at = _length;
        UInt32(0);
        return at;
    }

    public void EndLength32(int at) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), (uint)(_length - at - 4));

    /// <summary>Item header (type, reserved byte or sub-item version, 16-bit length); returns the length position.</summary>
    public int BeginItem(byte type, byte secondByte = 0)
    {
        Byte(type);
        Byte(secondByte);
        return BeginLength16();
    }

    private Span<byte> Span(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
