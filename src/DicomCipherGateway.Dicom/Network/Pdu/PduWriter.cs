using System.Buffers;
using System.Buffers.Binary;

namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>Encodes PDUs into a buffer writer (a <c>PipeWriter</c> in practice).</summary>
public static class PduWriter
{
    public static void Write(IBufferWriter<byte> output, ProtocolDataUnit pdu)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pdu);
        switch (pdu)
        {
            case AssociateRqPdu rq:
                WriteBuffered(output, pdu.Type, b => AssociatePduCodec.EncodeRequest(b, rq));
                break;
            case AssociateAcPdu ac:
                WriteBuffered(output, pdu.Type, b => AssociatePduCodec.EncodeAccept(b, ac));
                break;
            case AssociateRjPdu rj:
                WriteFixed(output, pdu.Type, 0, (byte)rj.Result, (byte)rj.Source, rj.Reason);
                break;
            case ReleaseRqPdu or ReleaseRpPdu:
                WriteFixed(output, pdu.Type, 0, 0, 0, 0);
                break;
            case AbortPdu abort:
                WriteFixed(output, pdu.Type, 0, 0, (byte)abort.Source, (byte)abort.Reason);
                break;
            case PDataTfPdu data:
                WritePData(output, data);
                break;
            default:
                throw new ArgumentException($"Unknown PDU {pdu.GetType().Name}.", nameof(pdu));
        }
    }

    public static byte[] ToArray(ProtocolDataUnit pdu)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, pdu);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The P-DATA-TF header for a PDU whose variable field is <paramref name="length"/> bytes.</summary>
    public static void WritePDataHeader(IBufferWriter<byte> output, uint length)
    {
        var span = output.GetSpan(PduReader.HeaderLength);
        span[0] = (byte)PduType.PDataTf;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], length);
        output.Advance(PduReader.HeaderLength);
    }

    /// <summary>A PDV item header: 4-byte item length (data + 2), context id, message control header.</summary>
    public static void WritePdvHeader(IBufferWriter<byte> output, int dataLength, byte contextId, byte messageControlHeader)
    {
        var span = output.GetSpan(6);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(dataLength + 2));
        span[4] = contextId;
        span[5] = messageControlHeader;
        output.Advance(6);
    }

    private static void WritePData(IBufferWriter<byte> output, PDataTfPdu pdu)
    {
        long length = 0;
        foreach (var value in pdu.Values)
        {
            length += 6 + value.Data.Length;
        }

        WritePDataHeader(output, checked((uint)length));
        foreach (var value in pdu.Values)
        {
            WritePdvHeader(output, checked((int)value.Data.Length), value.PresentationContextId, value.MessageControlHeader);
            foreach (var segment in value.Data)
            {
                output.Write(segment.Span);
            }
        }
    }

    private static void WriteFixed(IBufferWriter<byte> output, PduType type, byte a, byte b, byte c, byte d)
    {
        var span = output.GetSpan(10);
        span[0] = (byte)type;
        span[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], 4);
        span[6] = a;
        span[7] = b;
        span[8] = c;
        span[9] = d;
        output.Advance(10);
    }

    private static void WriteBuffered(IBufferWriter<byte> output, PduType type, Action<PduBuffer> encode)
    {
        var buffer = new PduBuffer();
        buffer.Byte((byte)type);
        buffer.Byte(0);
        var length = buffer.BeginLength32();
        encode(buffer);
        buffer.EndLength32(length);
        output.Write(buffer.Written);
    }
}
