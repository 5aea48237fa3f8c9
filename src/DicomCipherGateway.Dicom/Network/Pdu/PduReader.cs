using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>
/// PDU framing over a <see cref="ReadOnlySequence{T}"/> in the style of Kestrel's parsers:
/// false means "need more data"; true consumes one PDU from the front of the buffer.
/// </summary>
public static class PduReader
{
    public const int HeaderLength = 6;

    /// <summary>
    /// Reads one PDU. The length field is validated against <paramref name="limits"/> as soon
    /// as the 6-byte header is present, so an oversized PDU fails before its body arrives.
    /// </summary>
    /// <exception cref="PeerProtocolException">The PDU is unknown, too long or malformed.</exception>
    public static bool TryReadPdu(ref ReadOnlySequence<byte> buffer, PduLimits limits, [NotNullWhen(true)] out ProtocolDataUnit? pdu)
    {
        ArgumentNullException.ThrowIfNull(limits);
        pdu = null;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var type = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        CheckLength(type, length, limits);
        if (buffer.Length - HeaderLength < length)
        {
            return false;
        }

        var body = buffer.Slice(HeaderLength, length);
        pdu = Decode((PduType)type, body);
        buffer = buffer.Slice(body.End);
        return true;
    }

    private static void CheckLength(byte type, uint length, PduLimits limits)
    {
        switch ((PduType)type)
        {
            case PduType.AssociateRq or PduType.AssociateAc:
                if (length > limits.MaxAssociatePduLength)
                {
                    throw new PeerProtocolException($"A-ASSOCIATE PDU of {length} bytes exceeds the limit of {limits.MaxAssociatePduLength}", 2, type);
                }

                break;
            case PduType.PDataTf:
                if (length > limits.MaxPDataLength)
                {
                    throw new PeerProtocolException($"P-DATA-TF of {length} bytes exceeds the negotiated maximum of {limits.MaxPDataLength}", 2, type);
                }

                break;
            case PduType.AssociateRj or PduType.ReleaseRq or PduType.ReleaseRp or PduType.Abort:
                if (length != 4)
                {
                    throw new PeerProtocolException($"PDU length {length}, expected 4", 2, type);
                }

                break;
            default:
                throw new PeerProtocolException($"Unrecognized PDU type 0x{type:X2}", 0, type) { AbortReason = AbortReason.UnrecognizedPdu };
        }
    }

    private static ProtocolDataUnit Decode(PduType type, ReadOnlySequence<byte> body)
    {
        switch (type)
        {
            case PduType.PDataTf:
                return DecodePData(body);
            case PduType.AssociateRq or PduType.AssociateAc:
                return DecodeContiguous(body, type);
            default:
                {
                    Span<byte> fields = stackalloc byte[4];
                    body.CopyTo(fields);
                    return type switch
                    {
                        PduType.AssociateRj => DecodeReject(fields),
                        PduType.ReleaseRq => ReleaseRqPdu.Instance,
                        PduType.ReleaseRp => ReleaseRpPdu.Instance,
                        _ => new AbortPdu((AbortSource)fields[2], (AbortReason)fields[3]),
                    };
                }
        }
    }

    private static AssociateRjPdu DecodeReject(ReadOnlySpan<byte> fields)
    {
        if (fields[1] is not (1 or 2) || fields[2] is not (1 or 2 or 3))
        {
            throw new PeerProtocolException($"A-ASSOCIATE-RJ result {fields[1]} / source {fields[2]} is not defined", 7, (byte)PduType.AssociateRj);
        }

        return new AssociateRjPdu((RejectResult)fields[1], (RejectSource)fields[2], fields[3]);
    }

    private static ProtocolDataUnit DecodeContiguous(ReadOnlySequence<byte> body, PduType type)
    {
        if (body.IsSingleSegment)
        {
            return AssociatePduCodec.Decode(new PduSpanReader(body.FirstSpan, HeaderLength, (byte)type), type == PduType.AssociateRq);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            var span = rented.AsSpan(0, (int)body.Length);
            body.CopyTo(span);
            return AssociatePduCodec.Decode(new PduSpanReader(span, HeaderLength, (byte)type), type == PduType.AssociateRq);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static PDataTfPdu DecodePData(ReadOnlySequence<byte> body)
    {
        var values = new List<PresentationDataValue>(2);
        var reader = new SequenceReader<byte>(body);
        while (!reader.End)
        {
            var at = HeaderLength + reader.Consumed;
            if (!reader.TryReadBigEndian(out int itemLength) || itemLength < 2 || itemLength > reader.Remaining)
            {
                throw new PeerProtocolException("PDV item length does not fit the P-DATA-TF PDU", at, (byte)PduType.PDataTf);
            }

            reader.TryRead(out var contextId);
            reader.TryRead(out var header);
            if ((contextId & 1) == 0)
            {
                throw new PeerProtocolException($"Presentation context id {contextId} is even", at + 4, (byte)PduType.PDataTf);
            }

            var data = body.Slice(reader.Position, itemLength - 2);
            reader.Advance(itemLength - 2);
            values.Add(new PresentationDataValue(contextId, header, data));
        }

        if (values.Count == 0)
        {
            throw new PeerProtocolException("P-DATA-TF without a presentation data value", HeaderLength, (byte)PduType.PDataTf);
        }

        return new PDataTfPdu(values);
    }
}
