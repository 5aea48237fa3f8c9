using System.Buffers.Binary;
using System.Text;

namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// Bounds-checked big-endian reads over one PDU or item body. Every failure is a
/// <see cref="PeerProtocolException"/> with the offset inside the PDU.
/// </summary>
internal ref struct PduSpanReader
{
    private readonly ReadOnlySpan<byte> _span;
    private readonly int _baseOffset;
    private readonly byte _pduType;
    private int _position;

    public PduSpanReader(ReadOnlySpan<byte> span, int baseOffset, byte pduType)
    {
        _span = span;
        _baseOffset = baseOffset;
        _pduType = pduType;
        _position = 0;
    }

    public readonly int Remaining => _span.Length - _position;

    public readonly int Offset => _baseOffset + _position;

    public byte ReadByte()
    {
        Require(1);
        return _span[_position++];
    }

    public ushort ReadUInt16()
    {
        Require(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Require(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Require(count);
        var value = _span.Slice(_position, count);
        _position += count;
        return value;
    }

    public void Skip(int count) => ReadBytes(count);

    /// <summary>A sub-reader over the next <paramref name="count"/> bytes (an item body).</summary>
    public PduSpanReader ReadItem(int count)
    {
        var start = Offset;
        return new PduSpanReader(ReadBytes(count), start, _pduType);
    }

    /// <summary>AE titles are 16 bytes, space padded; leading and trailing spaces are not significant.</summary>
    public string ReadAeTitle() => Encoding.ASCII.GetString(ReadBytes(16)).Trim(' ', '\0');

    /// <summary>UIDs tolerate a trailing NUL or space pad, which some implementations send.</summary>
    public string ReadUid(int length)
    {
        var start = Offset;
        var bytes = ReadBytes(length);
        foreach (var b in bytes)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or 0 or (byte)' '))
            {
                throw new PeerProtocolException($"A UID holds the byte 0x{b:X2}", start, _pduType);
            }
        }

        return Encoding.ASCII.GetString(bytes).TrimEnd('\0', ' ');
    }

    public readonly PeerProtocolException Fail(string reason) => new(reason, Offset, _pduType);

    private readonly void Require(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new PeerProtocolException($"Truncated: {count} bytes needed, {Remaining} left", Offset, _pduType);
        }
    }
}
