using System.Buffers;
using System.Buffers.Binary;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.IO.Writing;

/// <summary>
/// Visits a dataset and writes it in one transfer syntax through a pooled buffer. Large values are
/// streamed from their source (memory or file range) without being joined or copied whole. One code
/// path for sync and async (the <c>async</c> flag picks the stream call).
/// </summary>
internal sealed class DicomStreamWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly DicomTag ItemTag = new(0xFFFEE000);
    private static readonly DicomTag ItemDelimitationTag = new(0xFFFEE00D);
    private static readonly DicomTag SequenceDelimitationTag = new(0xFFFEE0DD);

    private readonly Stream stream;
    private readonly DicomWriteOptions options;
    private readonly bool bigEndian;
    private readonly Dictionary<DicomDataset, long> lengths = new(ReferenceEqualityComparer.Instance);
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int used;

    public DicomStreamWriter(Stream stream, DicomWriteOptions options, bool bigEndian)
    {
        this.stream = stream;
        this.options = options;
        this.bigEndian = bigEndian;
    }

    public long BytesWritten { get; private set; }

    public async ValueTask WriteDatasetAsync(bool async, DicomDataset dataset, bool explicitVR, CancellationToken cancellationToken)
    {
        foreach (var item in dataset)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.RemoveGroupLengths && item.Tag.Element == 0 && item.Tag.Group != 0x0002)
            {
                continue;
            }

            switch (item)
            {
                case DicomElement e:
                    await WriteElementAsync(async, e, explicitVR, cancellationToken).ConfigureAwait(false);
                    break;
                case DicomSequence s:
                    await WriteSequenceAsync(async, s, explicitVR, cancellationToken).ConfigureAwait(false);
                    break;
                case DicomFragmentSequence f:
                    await WriteFragmentsAsync(async, f, explicitVR, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    public async ValueTask FlushAsync(bool async, CancellationToken cancellationToken)
    {
        if (used == 0)
        {
            return;
        }

        if (async)
        {
            await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stream.Write(buffer, 0, used);
        }

        used = 0;
    }

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private async ValueTask WriteElementAsync(bool async, DicomElement e, bool explicitVR, CancellationToken cancellationToken)
    {
        await EnsureAsync(async, 12, cancellationToken).ConfigureAwait(false);
        WriteHeader(e.Tag, e.VR, e.Length, explicitVR, undefined: false);
        var unit = bigEndian ? e.VR.Info.UnitSize : 1;
        await WriteValueAsync(async, e.Value, unit, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteSequenceAsync(bool async, DicomSequence s, bool explicitVR, CancellationToken cancellationToken)
    {
        var undefined = DicomLengthCalculator.IsUndefined(s.LengthEncoding, options);
        // An undefined-length UN sequence holds implicit VR little endian items (CP-246).
        var innerExplicit = DicomLengthCalculator.InnerExplicit(s, explicitVR, options);
        var vr = explicitVR && s.VR == DicomVR.UN && undefined ? DicomVR.UN : DicomVR.SQ;
        var length = undefined ? -1 : DicomLengthCalculator.SequenceContent(s, innerExplicit, options, lengths);
        await EnsureAsync(async, 12, cancellationToken).ConfigureAwait(false);
        WriteHeader(s.Tag, vr, length, explicitVR, undefined);
        foreach (var item in s.Items)
        {
            var itemUndefined = DicomLengthCalculator.IsUndefined(item.ItemLengthEncoding, options);
            var itemLength = itemUndefined ? -1 : DicomLengthCalculator.Dataset(item, innerExplicit, options, lengths);
            await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
            WriteTagAndLength32(ItemTag, itemLength, innerExplicit || vr != DicomVR.UN);
            await WriteDatasetInnerAsync(async, item, innerExplicit, vr == DicomVR.UN, cancellationToken).ConfigureAwait(false);
            if (itemUndefined)
            {
                await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
                WriteTagAndLength32(ItemDelimitationTag, 0, vr != DicomVR.UN);
            }
        }

        if (undefined)
        {
            await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
            WriteTagAndLength32(SequenceDelimitationTag, 0, vr != DicomVR.UN);
        }
    }

    private async ValueTask WriteDatasetInnerAsync(bool async, DicomDataset item, bool explicitVR, bool forceLittleEndian, CancellationToken cancellationToken)
    {
        if (forceLittleEndian && bigEndian)
        {
            // Items of a UN sequence are implicit VR little endian even in a big-endian stream.
            await FlushAsync(async, cancellationToken).ConfigureAwait(false);
            using var inner = new DicomStreamWriter(stream, options, bigEndian: false);
            await inner.WriteDatasetAsync(async, item, explicitVR: false, cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(async, cancellationToken).ConfigureAwait(false);
            BytesWritten += inner.BytesWritten;
            return;
        }

        await WriteDatasetAsync(async, item, explicitVR, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteFragmentsAsync(bool async, DicomFragmentSequence f, bool explicitVR, CancellationToken cancellationToken)
    {
        await EnsureAsync(async, 12, cancellationToken).ConfigureAwait(false);
        WriteHeader(f.Tag, f.VR, -1, explicitVR, undefined: true);
        await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
        WriteTagAndLength32(ItemTag, f.BasicOffsetTable.Length, true);
        await WriteValueAsync(async, f.BasicOffsetTable, bigEndian ? 4 : 1, cancellationToken).ConfigureAwait(false);
        foreach (var fragment in f.Fragments)
        {
            await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
            WriteTagAndLength32(ItemTag, fragment.Length, true);
            await WriteValueAsync(async, fragment, 1, cancellationToken).ConfigureAwait(false);
        }

        await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
        WriteTagAndLength32(SequenceDelimitationTag, 0, true);
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, long length, bool explicitVR, bool undefined)
    {
        var span = buffer.AsSpan(used);
        WriteUInt16(span, tag.Group);
        WriteUInt16(span[2..], tag.Element);
        var encodedLength = undefined ? 0xFFFFFFFF : checked((uint)length);
        if (!explicitVR)
        {
            WriteUInt32(span[4..], encodedLength);
            Advance(8);
            return;
        }

        // A value too long for a 16-bit length is written as UN (PS3.5 §6.2.2).
        var wireVR = !vr.IsKnown || (!vr.Info.HasLongExplicitLength && (undefined || length > ushort.MaxValue)) ? DicomVR.UN : vr;
        wireVR.WriteTo(span[4..]);
        if (wireVR.Info.HasLongExplicitLength)
        {
            span[6] = 0;
            span[7] = 0;
            WriteUInt32(span[8..], encodedLength);
            Advance(12);
        }
        else
        {
            WriteUInt16(span[6..], (ushort)length);
            Advance(8);
        }
    }

    private void WriteTagAndLength32(DicomTag tag, long length, bool allowBigEndian)
    {
        var span = buffer.AsSpan(used);
        var big = bigEndian && allowBigEndian;
        var encoded = length < 0 ? 0xFFFFFFFF : checked((uint)length);
        if (big)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], tag.Element);
            BinaryPrimitives.WriteUInt32BigEndian(span[4..], encoded);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], encoded);
        }

        Advance(8);
    }

    private async ValueTask WriteValueAsync(bool async, DicomValue value, int swapUnit, CancellationToken cancellationToken)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (value.IsMaterialized)
        {
            var memory = value.GetMemory();
            if (swapUnit <= 1 && memory.Length > BufferSize / 2)
            {
                await FlushAsync(async, cancellationToken).ConfigureAwait(false);
                if (async)
                {
                    await stream.WriteAsync(memory, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    stream.Write(memory.Span);
                }

                BytesWritten += memory.Length;
                return;
            }

            var offset = 0;
            while (offset < memory.Length)
            {
                await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
                var n = Math.Min(memory.Length - offset, (buffer.Length - used) & ~7);
                var dest = buffer.AsSpan(used, n);
                memory.Span.Slice(offset, n).CopyTo(dest);
                if (swapUnit > 1)
                {
                    ByteSwap.InPlace(dest, swapUnit);
                }

                Advance(n);
                offset += n;
            }

            return;
        }

        var source = value.OpenRead();
        await using (source.ConfigureAwait(false))
        {
            long done = 0;
            while (done < value.Length)
            {
                await EnsureAsync(async, 8, cancellationToken).ConfigureAwait(false);
                var want = (int)Math.Min(value.Length - done, (buffer.Length - used) & ~7);
                var n = async
                    ? await source.ReadAsync(buffer.AsMemory(used, want), cancellationToken).ConfigureAwait(false)
                    : source.Read(buffer, used, want);
                if (n == 0)
                {
                    throw new IOException($"the source of a value ended after {done} of {value.Length} bytes.");
                }

                if (swapUnit > 1)
                {
                    // Reads of a file return whole units except at its end; swap whole units only.
                    ByteSwap.InPlace(buffer.AsSpan(used, n), swapUnit);
                }

                Advance(n);
                done += n;
            }
        }
    }

    private async ValueTask EnsureAsync(bool async, int bytes, CancellationToken cancellationToken)
    {
        if (buffer.Length - used < bytes)
        {
            await FlushAsync(async, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Advance(int n)
    {
        used += n;
        BytesWritten += n;
    }

    private void WriteUInt16(Span<byte> s, ushort v)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(s, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        }
    }

    private void WriteUInt32(Span<byte> s, uint v)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(s, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        }
    }
}
