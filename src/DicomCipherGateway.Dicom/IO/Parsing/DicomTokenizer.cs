using System.Buffers;
using System.Buffers.Binary;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>
/// The one DICOM tokenizer (PS3.5 §7): resumable, in the style of <c>Utf8JsonReader</c>. Each call to
/// <see cref="Read"/> gets the unconsumed input and returns a token, or <see cref="OperationStatus.NeedMoreData"/>
/// when the input ends inside a header. Open sequences and items live on an explicit stack, so nesting
/// depth costs heap, not call stack. After an <see cref="DicomTokenType.Element"/> or
/// <see cref="DicomTokenType.Fragment"/> token the caller consumes the value with <see cref="ConsumeValue"/>
/// (from the same buffer, a stream, or by seeking) before reading on. Sync and async readers are thin
/// loops around this class; there is no second parser.
/// </summary>
public sealed class DicomTokenizer
{
    private static readonly DicomTag ItemTag = new(0xFFFEE000);
    private static readonly DicomTag ItemDelimitationTag = new(0xFFFEE00D);
    private static readonly DicomTag SequenceDelimitationTag = new(0xFFFEE0DD);

    private readonly List<Frame> frames = [];
    private readonly DicomReadOptions options;
    private readonly DicomDictionary dictionary;
    private readonly bool explicitVR;
    private readonly bool bigEndian;
    private DicomTag pendingTag;

    /// <param name="syntax">Transfer syntax of the bytes given (for deflated syntaxes: after inflating).</param>
    /// <param name="startOffset">Absolute offset of the first byte, for error messages and deferred values.</param>
    /// <param name="streamLength">Total length of the input when known (lengths beyond it are errors), else -1.</param>
    public DicomTokenizer(DicomTransferSyntax syntax, long startOffset = 0, long streamLength = -1, DicomReadOptions? options = null, DicomDictionary? dictionary = null)
    {
        explicitVR = syntax.IsExplicitVR;
        bigEndian = syntax.IsBigEndian;
        Position = startOffset;
        StreamLength = streamLength;
        this.options = options ?? DicomReadOptions.Default;
        this.dictionary = dictionary ?? DicomDictionary.Default;
    }

    /// <summary>Absolute offset of the next byte to consume.</summary>
    public long Position { get; private set; }

    /// <summary>Total input length when known, else -1.</summary>
    public long StreamLength { get; }

    /// <summary>Value bytes of the last element or fragment still to consume.</summary>
    public long PendingValueLength { get; private set; }

    /// <summary>Number of open sequences and items.</summary>
    public int Depth => frames.Count;

    /// <summary>True when the values of the current element are big endian on the wire.</summary>
    public bool IsBigEndian => bigEndian && !CurrentImplicit;

    /// <summary>True when no sequence, item or fragment list is open (the next token is top level).</summary>
    public bool AtTopLevel => frames.Count == 0;

    private bool CurrentImplicit => frames.Count > 0 && frames[^1].Implicit;

    /// <summary>
    /// Reads the next token from <paramref name="data"/> (the unconsumed input, starting at <see cref="Position"/>).
    /// </summary>
    /// <param name="data">Unconsumed input.</param>
    /// <param name="isFinalBlock">No more input will follow <paramref name="data"/>.</param>
    /// <param name="token">The token, when Done.</param>
    /// <param name="consumed">Bytes of <paramref name="data"/> consumed by the header (values are consumed separately).</param>
    /// <returns>Done with a token, NeedMoreData, or InvalidData at the clean end of the input (no more tokens).</returns>
    public OperationStatus Read(ReadOnlySpan<byte> data, bool isFinalBlock, out DicomToken token, out int consumed)
    {
        token = default;
        consumed = 0;
        if (PendingValueLength > 0)
        {
            throw new InvalidOperationException($"the value of {pendingTag} ({PendingValueLength} bytes) must be consumed before the next token.");
        }

        // Close defined-length items and sequences whose end has been reached.
        if (frames.Count > 0 && frames[^1].End >= 0)
        {
            var top = frames[^1];
            if (Position == top.End)
            {
                frames.RemoveAt(frames.Count - 1);
                token = new DicomToken(top.Kind == FrameKind.Item ? DicomTokenType.ItemEnd : DicomTokenType.SequenceEnd, top.Tag, DicomVR.None, 0, Position);
                return OperationStatus.Done;
            }

            if (Position > top.End)
            {
                throw Error($"an element runs {Position - top.End} bytes past the end of its enclosing {(top.Kind == FrameKind.Item ? "item" : "sequence")} {top.Tag}", top.Tag);
            }
        }

        if (data.Length == 0 && isFinalBlock)
        {
            if (frames.Count == 0)
            {
                return OperationStatus.InvalidData;
            }

            var open = frames[^1];
            if (options.AcceptMissingDelimitersAtEnd && open.End < 0 && open.Kind != FrameKind.Fragments)
            {
                options.Logger.LogWarning("The stream ends inside {Kind} {Tag} without its delimiter at offset {Offset}; closed", open.Kind, open.Tag, Position);
                frames.RemoveAt(frames.Count - 1);
                token = new DicomToken(open.Kind == FrameKind.Item ? DicomTokenType.ItemEnd : DicomTokenType.SequenceEnd, open.Tag, DicomVR.None, 0, Position);
                return OperationStatus.Done;
            }

            throw Error($"the stream ends inside {(open.Kind == FrameKind.Item ? "an item of" : "sequence")} {open.Tag}", open.Tag);
        }

        var frameImplicit = CurrentImplicit;
        var localExplicit = explicitVR && !frameImplicit;
        var localBig = bigEndian && !frameImplicit;
        if (data.Length < 8)
        {
            return NeedMore(data, isFinalBlock, 8);
        }

        var tag = new DicomTag(ReadUInt16(data, localBig), ReadUInt16(data[2..], localBig));
        if (tag.Group == 0xFFFE)
        {
            return ReadDelimiter(data, tag, localBig, out token, out consumed);
        }

        if (frames.Count > 0 && frames[^1].Kind != FrameKind.Item)
        {
            throw Error($"expected an item or a sequence delimiter in {frames[^1].Tag}, found element {tag}", tag);
        }

        DicomVR vr;
        long length;
        int headerLength;
        var implied = !localExplicit;
        if (localExplicit)
        {
            vr = DicomVR.FromBytes(data.Slice(4, 2));
            if (!vr.IsKnown)
            {
                if (!options.AcceptImplicitVRInExplicitStream || !LooksImplicit(data))
                {
                    throw Error($"'{Printable(data.Slice(4, 2))}' is not a VR", tag);
                }

                options.Logger.LogWarning("Element {Tag} at offset {Offset} has no VR in an explicit VR stream; read as implicit VR", tag, Position);
                vr = dictionary.ImplicitVR(tag);
                implied = true;
                length = ReadLength32(data[4..], localBig);
                headerLength = 8;
            }
            else if (vr.Info.HasLongExplicitLength)
            {
                if (data.Length < 12)
                {
                    return NeedMore(data, isFinalBlock, 12);
                }

                length = ReadLength32(data[8..], localBig);
                headerLength = 12;
            }
            else
            {
                length = localBig ? BinaryPrimitives.ReadUInt16BigEndian(data[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
                headerLength = 8;
            }
        }
        else
        {
            vr = dictionary.ImplicitVR(tag);
            length = ReadLength32(data[4..], localBig);
            headerLength = 8;
        }

        var offset = Position;
        consumed = headerLength;
        Position += headerLength;

        if (length < 0)
        {
            if (vr == DicomVR.SQ || vr == DicomVR.UN || (!localExplicit && dictionary.Lookup(tag) is null))
            {
                // CP-246: an undefined-length UN (or unknown implicit element) is a sequence in implicit VR LE.
                var implicitInside = frameImplicit || vr != DicomVR.SQ;
                Push(new Frame(FrameKind.Sequence, tag, -1, implicitInside));
                token = new DicomToken(DicomTokenType.SequenceStart, tag, vr == DicomVR.UN && localExplicit ? DicomVR.UN : DicomVR.SQ, -1, offset, implicitInside);
                return OperationStatus.Done;
            }

            if (vr == DicomVR.OB || vr == DicomVR.OW)
            {
                Push(new Frame(FrameKind.Fragments, tag, -1, frameImplicit));
                token = new DicomToken(DicomTokenType.FragmentsStart, tag, vr, -1, offset);
                return OperationStatus.Done;
            }

            throw Error($"undefined length is not allowed for VR {vr}", tag, offset);
        }

        CheckLength(tag, length, offset);
        if (vr == DicomVR.SQ)
        {
            Push(new Frame(FrameKind.Sequence, tag, Position + length, frameImplicit));
            token = new DicomToken(DicomTokenType.SequenceStart, tag, vr, length, offset, frameImplicit);
            return OperationStatus.Done;
        }

        if ((length & 1) == 1)
        {
            if (!options.AcceptOddLengths)
            {
                throw Error($"odd value length {length}", tag, offset);
            }

            options.Logger.LogWarning("Element {Tag} at offset {Offset} has odd length {Length}; kept as is", tag, offset, length);
        }

        PendingValueLength = length;
        pendingTag = tag;
        token = new DicomToken(DicomTokenType.Element, tag, vr, length, offset, IsVRImplied: implied);
        return OperationStatus.Done;
    }

    /// <summary>Marks <paramref name="count"/> bytes of the pending value as consumed.</summary>
    public void ConsumeValue(long count)
    {
        if (count < 0 || count > PendingValueLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} bytes exceed the {PendingValueLength} pending.");
        }

        PendingValueLength -= count;
        Position += count;
    }

    /// <summary>
    /// Checks whether the next token starts a top-level element of another group without consuming it
    /// (used to stop after the File Meta Information group). Returns null when more data is needed.
    /// </summary>
    public DicomTag? PeekTag(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            return null;
        }

        return new DicomTag(ReadUInt16(data, bigEndian), ReadUInt16(data[2..], bigEndian));
    }

    /// <summary>A format error at the current position (for callers that find fault with a value).</summary>
    public DicomFormatException Error(string reason, DicomTag? tag, long? offset = null) => new(reason, tag, offset ?? Position);

    private OperationStatus ReadDelimiter(ReadOnlySpan<byte> data, DicomTag tag, bool localBig, out DicomToken token, out int consumed)
    {
        token = default;
        consumed = 8;
        var length = ReadLength32(data[4..], localBig);
        var offset = Position;
        var top = frames.Count > 0 ? frames[^1] : default;
        if (tag == ItemTag)
        {
            if (frames.Count == 0 || top.Kind == FrameKind.Item)
            {
                throw Error("an item appears outside a sequence", tag);
            }

            Position += 8;
            if (top.Kind == FrameKind.Fragments)
            {
                if (length < 0)
                {
                    throw Error("a pixel data fragment has undefined length", tag, offset);
                }

                CheckLength(tag, length, offset);
                PendingValueLength = length;
                pendingTag = tag;
                token = new DicomToken(DicomTokenType.Fragment, tag, DicomVR.None, length, offset);
                return OperationStatus.Done;
            }

            if (length >= 0)
            {
                CheckLength(tag, length, offset);
            }

            // Items carry their sequence's tag so that messages say which sequence they belong to.
            Push(new Frame(FrameKind.Item, top.Tag, length < 0 ? -1 : Position + length, top.Implicit));
            token = new DicomToken(DicomTokenType.ItemStart, tag, DicomVR.None, length, offset);
            return OperationStatus.Done;
        }

        if (tag == ItemDelimitationTag)
        {
            if (frames.Count == 0 || top.Kind != FrameKind.Item || top.End >= 0)
            {
                throw Error("an item delimiter does not close an undefined-length item", tag);
            }

            Position += 8;
            frames.RemoveAt(frames.Count - 1);
            token = new DicomToken(DicomTokenType.ItemEnd, top.Tag, DicomVR.None, 0, offset);
            return OperationStatus.Done;
        }

        if (tag == SequenceDelimitationTag)
        {
            if (frames.Count == 0 || top.Kind == FrameKind.Item || top.End >= 0)
            {
                throw Error("a sequence delimiter does not close an undefined-length sequence", tag);
            }

            Position += 8;
            frames.RemoveAt(frames.Count - 1);
            token = new DicomToken(top.Kind == FrameKind.Fragments ? DicomTokenType.FragmentsEnd : DicomTokenType.SequenceEnd, top.Tag, DicomVR.None, 0, offset);
            return OperationStatus.Done;
        }

        throw Error("unknown delimitation tag", tag);
    }

    private void Push(Frame frame)
    {
        // Each level of nesting is a sequence and an item: two frames.
        if (frames.Count >= options.MaxDepth * 2)
        {
            throw Error($"sequences nest deeper than {options.MaxDepth} levels", frame.Tag);
        }

        frames.Add(frame);
    }

    private void CheckLength(DicomTag tag, long length, long headerOffset)
    {
        if (StreamLength >= 0 && Position + length > StreamLength)
        {
            throw Error($"value length {length} runs past the end of the stream ({StreamLength - Position} bytes left)", tag, headerOffset);
        }

        // Each frame's end was checked against its parent when it opened: the innermost defined one suffices.
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            var f = frames[i];
            if (f.End < 0)
            {
                continue;
            }

            if (Position + length > f.End)
            {
                throw Error($"value length {length} runs past the end of the enclosing {(f.Kind == FrameKind.Item ? "item" : "sequence")} {f.Tag}", tag, headerOffset);
            }

            break;
        }
    }

    private OperationStatus NeedMore(ReadOnlySpan<byte> data, bool isFinalBlock, int needed)
    {
        if (isFinalBlock)
        {
            if (frames.Count == 0 && options.IgnoreTrailingGarbage)
            {
                options.Logger.LogWarning("Ignored {Count} trailing bytes at offset {Offset}", data.Length, Position);
                Position += data.Length;
                return OperationStatus.InvalidData;
            }

            throw Error($"the stream ends inside an element header ({data.Length} of {needed} bytes)", null);
        }

        return OperationStatus.NeedMoreData;
    }

    private static bool LooksImplicit(ReadOnlySpan<byte> data) => !(char.IsAsciiLetter((char)data[4]) && char.IsAsciiLetter((char)data[5]));

    private static string Printable(ReadOnlySpan<byte> b) => string.Create(b.Length * 4, b.ToArray(), static (s, bytes) =>
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            $"\\x{bytes[i]:X2}".AsSpan().CopyTo(s[(i * 4)..]);
        }
    });

    private static ushort ReadUInt16(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private static long ReadLength32(ReadOnlySpan<byte> b, bool big)
    {
        var v = big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
        return v == 0xFFFFFFFF ? -1 : v;
    }

    private enum FrameKind : byte
    {
        Sequence,
        Item,
        Fragments,
    }

    private readonly record struct Frame(FrameKind Kind, DicomTag Tag, long End, bool Implicit);
}
