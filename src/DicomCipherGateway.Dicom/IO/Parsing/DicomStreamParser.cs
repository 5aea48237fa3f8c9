using System.Buffers;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>
/// Feeds a <see cref="DicomTokenizer"/> from a stream and builds the dataset tree. One code path for
/// sync and async (the <c>async</c> flag picks the stream call, as Npgsql does). Value bytes are copied
/// once, from the read buffer or straight from the stream into the value's own array; values of files
/// above the deferral threshold are not read at all but recorded as file ranges.
/// </summary>
internal sealed class DicomStreamParser : IDisposable
{
    private const int InitialBuffer = 64 * 1024;
    private static readonly DicomTag PixelRepresentation = new(0x00280103);
    private readonly Stream stream;
    private readonly DicomTokenizer tokenizer;
    private readonly DicomReadOptions options;
    private readonly string? filePath;
    private readonly long fileLength;
    private readonly bool swap;
    private byte[] buffer;
    private int start;
    private int end;
    private bool eof;

    /// <param name="stream">Source positioned at the first byte of the dataset.</param>
    /// <param name="syntax">Syntax of the bytes the stream yields (already inflated).</param>
    /// <param name="startOffset">Absolute offset of the stream's current position, for messages and deferral.</param>
    /// <param name="streamLength">Absolute length of the input when known, else -1.</param>
    /// <param name="filePath">The file behind the stream, when values may be deferred to it.</param>
    /// <param name="prefix">Bytes already read from the stream that come first (after sniffing).</param>
    public DicomStreamParser(Stream stream, DicomTransferSyntax syntax, DicomReadOptions options, long startOffset, long streamLength, string? filePath, ReadOnlySpan<byte> prefix = default)
    {
        this.stream = stream;
        this.options = options;
        this.filePath = filePath;
        fileLength = streamLength;
        swap = syntax.IsBigEndian;
        tokenizer = new DicomTokenizer(syntax, startOffset, streamLength, options);
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(InitialBuffer, prefix.Length));
        prefix.CopyTo(buffer);
        end = prefix.Length;
    }

    /// <summary>Absolute offset of the next unread byte.</summary>
    public long Position => tokenizer.Position;

    /// <summary>Bytes read from the stream but not consumed (handed back when the caller switches syntax).</summary>
    public ReadOnlySpan<byte> Unconsumed => buffer.AsSpan(start, end - start);

    /// <summary>
    /// Reads top-level elements into <paramref name="target"/> until the end of the stream, or until
    /// <paramref name="stopBefore"/> returns true for the next top-level tag (left unread).
    /// </summary>
    public async ValueTask ReadAsync(bool async, DicomDataset target, Func<DicomTag, bool>? stopBefore, CancellationToken cancellationToken)
    {
        // Explicit stack of open containers: nesting depth never grows the call stack.
        var stack = new List<object> { target };
        while (true)
        {
            if (stopBefore is not null && tokenizer.AtTopLevel)
            {
                if (end - start < 4 && !eof)
                {
                    await FillAsync(async, 4, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (tokenizer.PeekTag(buffer.AsSpan(start, end - start)) is { } next && stopBefore(next))
                {
                    return;
                }
            }

            OperationStatus status;
            DicomToken token;
            int consumed;
            try
            {
                status = tokenizer.Read(buffer.AsSpan(start, end - start), eof, out token, out consumed);
            }
            catch (DicomFormatException ex) when (options.IgnoreTrailingGarbage && tokenizer.AtTopLevel && target.Count > 0)
            {
                options.Logger.LogWarning("Ignored trailing bytes from offset {Offset} that do not form an element: {Reason}", tokenizer.Position, ex.Reason);
                return;
            }

            start += consumed;
            if (status == OperationStatus.NeedMoreData)
            {
                await FillAsync(async, end - start + 16, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (status == OperationStatus.InvalidData)
            {
                return;
            }

            switch (token.Type)
            {
                case DicomTokenType.Element:
                {
                    var value = await ReadValueAsync(async, token, swap && tokenizer.IsBigEndian ? token.VR.Info.UnitSize : 1, cancellationToken).ConfigureAwait(false);
                    if (value is not null)
                    {
                        var dataset = (DicomDataset)stack[^1];
                        dataset.AddSorted(new DicomElement(token.Tag, token.IsVRImplied ? ImpliedVR(dataset, token) : token.VR, value));
                    }

                    break;
                }

                case DicomTokenType.SequenceStart:
                {
                    var sq = new DicomSequence(token.Tag, token.VR)
                    {
                        LengthEncoding = token.IsUndefinedLength ? LengthEncoding.Undefined : LengthEncoding.Defined,
                    };
                    ((DicomDataset)stack[^1]).AddSorted(sq);
                    stack.Add(sq);
                    break;
                }

                case DicomTokenType.ItemStart:
                {
                    var item = new DicomDataset { ItemLengthEncoding = token.IsUndefinedLength ? LengthEncoding.Undefined : LengthEncoding.Defined };
                    ((DicomSequence)stack[^1]).Add(item);
                    stack.Add(item);
                    break;
                }

                case DicomTokenType.ItemEnd:
                case DicomTokenType.SequenceEnd:
                case DicomTokenType.FragmentsEnd:
                    stack.RemoveAt(stack.Count - 1);
                    break;

                case DicomTokenType.FragmentsStart:
                {
                    var fragments = new DicomFragmentSequence(token.Tag, token.VR, DicomValue.Empty);
                    ((DicomDataset)stack[^1]).AddSorted(fragments);
                    stack.Add(new FragmentCollector(fragments));
                    break;
                }

                case DicomTokenType.Fragment:
                {
                    var collector = (FragmentCollector)stack[^1];
                    var value = await ReadValueAsync(async, token with { Tag = collector.Fragments.Tag }, 1, cancellationToken).ConfigureAwait(false) ?? DicomValue.Empty;
                    if (collector.SawOffsetTable)
                    {
                        collector.Fragments.Add(value);
                    }
                    else
                    {
                        collector.Fragments.BasicOffsetTable = value;
                        collector.SawOffsetTable = true;
                    }

                    break;
                }
            }
        }
    }

    /// <summary>
    /// "US or SS" elements (pixel values, LUT descriptors) read without a VR are signed when the image
    /// is (Pixel Representation 1), as DCMTK decides too; explicit VR output then names SS.
    /// </summary>
    private static DicomVR ImpliedVR(DicomDataset dataset, DicomToken token)
    {
        if (token.VR != DicomVR.US || DicomDictionary.Default.Lookup(token.Tag) is not { } entry || !entry.ValueRepresentations.Contains(DicomVR.SS))
        {
            return token.VR;
        }

        for (var ds = dataset; ds is not null; ds = ds.Parent)
        {
            if (ds.GetElement(PixelRepresentation) is { Length: >= 2 } pr)
            {
                return pr.GetValue<ushort>() == 1 ? DicomVR.SS : DicomVR.US;
            }
        }

        return DicomVR.US;
    }

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    /// <returns>The value, or null when the policy skipped it.</returns>
    private async ValueTask<DicomValue?> ReadValueAsync(bool async, DicomToken token, int swapUnit, CancellationToken cancellationToken)
    {
        var length = token.Length;
        if (length == 0)
        {
            return DicomValue.Empty;
        }

        var canDefer = filePath is not null && swapUnit == 1 && stream.CanSeek;
        var action = LargeValueAction.Buffer;
        if (length >= options.DeferValuesLargerThan)
        {
            action = options.LargeValuePolicy?.Invoke(new LargeValueInfo(token.Tag, token.VR, length, tokenizer.Depth / 2, canDefer))
                     ?? (canDefer ? LargeValueAction.Defer : LargeValueAction.Buffer);
        }

        // Fragments are never skipped: a fragment list with holes would be written back corrupt.
        if (action == LargeValueAction.Skip && token.Type == DicomTokenType.Fragment)
        {
            action = canDefer ? LargeValueAction.Defer : LargeValueAction.Buffer;
        }

        if (action == LargeValueAction.Skip)
        {
            await SkipValueAsync(async, token, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (filePath is not null && canDefer && action == LargeValueAction.Defer)
        {
            var deferred = new FileRangeDicomValue(filePath, tokenizer.Position, length, fileLength);
            var inBuffer = (int)Math.Min(length, end - start);
            var skip = length - inBuffer;
            Consume(inBuffer);
            if (skip > 0)
            {
                stream.Seek(skip, SeekOrigin.Current);
                tokenizer.ConsumeValue(skip);
            }
            return deferred;
        }

        var available = end - start;
        if (length <= available)
        {
            var bytes = buffer.AsSpan(start, (int)length).ToArray();
            Consume((int)length);
            return Finish(bytes, swapUnit);
        }

        if (length > Array.MaxLength)
        {
            throw tokenizer.Error($"a value of {length} bytes cannot be held in memory from this source", token.Tag, token.Offset);
        }

        // Without a known stream length the declared length is not trusted: the array grows with
        // the bytes that actually arrive, so a bogus length cannot allocate gigabytes.
        var trusted = tokenizer.StreamLength >= 0;
        var target = GC.AllocateUninitializedArray<byte>(trusted ? (int)length : (int)Math.Min(length, 1 << 20));
        buffer.AsSpan(start, available).CopyTo(target);
        var filled = available;
        Consume(available);
        while (filled < length)
        {
            if (filled == target.Length)
            {
                Array.Resize(ref target, (int)Math.Min(length, (long)target.Length * 2));
            }

            var n = async
                ? await stream.ReadAsync(target.AsMemory(filled, target.Length - filled), cancellationToken).ConfigureAwait(false)
                : stream.Read(target, filled, target.Length - filled);
            if (n == 0)
            {
                throw tokenizer.Error($"the stream ends inside the value ({filled} of {length} bytes)", token.Tag, token.Offset);
            }

            filled += n;
            tokenizer.ConsumeValue(n);
        }

        return Finish(target, swapUnit);
    }

    private async ValueTask SkipValueAsync(bool async, DicomToken token, CancellationToken cancellationToken)
    {
        var inBuffer = (int)Math.Min(token.Length, end - start);
        Consume(inBuffer);
        var rest = token.Length - inBuffer;
        if (rest == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            stream.Seek(rest, SeekOrigin.Current);
            tokenizer.ConsumeValue(rest);
            return;
        }

        while (rest > 0)
        {
            var want = (int)Math.Min(rest, buffer.Length);
            var n = async
                ? await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false)
                : stream.Read(buffer, 0, want);
            if (n == 0)
            {
                throw tokenizer.Error($"the stream ends inside the value ({token.Length - rest} of {token.Length} bytes)", token.Tag, token.Offset);
            }

            rest -= n;
            tokenizer.ConsumeValue(n);
        }

        start = end = 0;
    }

    private static DicomValue Finish(byte[] bytes, int swapUnit)
    {
        if (swapUnit > 1)
        {
            ByteSwap.InPlace(bytes, swapUnit);
        }

        return DicomValue.FromMemory(bytes);
    }

    private void Consume(int count)
    {
        start += count;
        tokenizer.ConsumeValue(count);
    }

    private async ValueTask FillAsync(bool async, int wanted, CancellationToken cancellationToken)
    {
        if (eof)
        {
            return;
        }

        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (wanted > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(wanted);
            buffer.AsSpan(0, end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        var n = async
            ? await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false)
            : stream.Read(buffer, end, buffer.Length - end);
        if (n == 0)
        {
            eof = true;
        }

        end += n;
    }

    /// <summary>Builder state for encapsulated pixel data: the first item is the offset table.</summary>
    private sealed class FragmentCollector(DicomFragmentSequence fragments)
    {
        public DicomFragmentSequence Fragments { get; } = fragments;

        public bool SawOffsetTable { get; set; }
    }
}
