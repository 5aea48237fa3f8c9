using System.Buffers;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

public sealed class NativePixelDataTests
{
    public static TheoryData<string, PixelDataByteOrder> Layouts
    {
        get
        {
            var data = new TheoryData<string, PixelDataByteOrder>();
            foreach (var name in new[] { "mono8-odd", "mono16s12", "rgb8x4", "mono16sx3", "mono32s", "bits3x3x7", "bits5x5x3", "bits8x8x2", "bits1x1x19" })
            {
                data.Add(name, PixelDataByteOrder.LittleEndian);
                data.Add(name, PixelDataByteOrder.BigEndianOW);
                if (name.StartsWith("bits", StringComparison.Ordinal) || name is "mono8-odd" or "rgb8x4")
                {
                    data.Add(name, PixelDataByteOrder.BigEndianOB);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Memory_sequence_and_stream_sources_give_the_same_frames_and_encode_back(string name, PixelDataByteOrder order)
    {
        var d = Describe(name);
        var samples = TestImages.Samples(d, 11);
        var frames = TestImages.Frames(d, samples);
        var encoded = NativePixelData.Encode(d, frames.Select(f => (ReadOnlyMemory<byte>)f), order);
        Assert.Equal(d.PaddedPixelDataLength, encoded.Length);

        var fromMemory = new NativePixelData(d, encoded, order).EnumerateFrames().ToList();
        var fromSequence = new NativePixelData(d, Chunked(encoded, 3), order).EnumerateFrames().ToList();
        var fromStream = new List<NativeFrame>();
        await using (var stream = new TrickleStream(encoded))
        {
            await foreach (var f in NativePixelData.ReadFramesAsync(stream, d, order))
            {
                fromStream.Add(f);
            }
        }

        for (var i = 0; i < d.NumberOfFrames; i++)
        {
            Assert.Equal(frames[i], fromMemory[i].Data.ToArray());
            Assert.Equal(frames[i], fromSequence[i].Data.ToArray());
            Assert.Equal(frames[i], fromStream[i].Data.ToArray());
            Assert.Equal(i, fromStream[i].Index);
            Assert.Equal(samples[i], fromMemory[i].ToSamples<long>());
        }

        // Writing through the stream writer gives the same bytes as Encode.
        using var output = new MemoryStream();
        var writer = new NativePixelDataWriter(output, d, order);
        foreach (var f in frames)
        {
            await writer.WriteFrameAsync(f);
        }

        await writer.CompleteAsync();
        Assert.Equal(encoded, output.ToArray());
        Assert.Equal(encoded.Length, writer.BytesWritten);
    }

    [Fact]
    public void One_bit_frames_start_inside_bytes_and_are_realigned()
    {
        // Three 3×3 bitmaps: frame 1 starts at bit 9, frame 2 at bit 18.
        var d = PixelDataDescription.Create(3, 3, 1, 1, numberOfFrames: 3);
        byte[][] bits = [[1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0, 0, 0, 1], [0, 1, 0, 1, 0, 1, 0, 1, 0]];
        var encoded = NativePixelData.Encode(d, bits.Select(b => (ReadOnlyMemory<byte>)FrameSamples.ToFrame<byte>(d, b)));
        Assert.Equal(new byte[] { 0xFF, 0x03, 0xAA, 0x02 }, encoded); // 27 bits
        var pixels = new NativePixelData(d, encoded);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(bits[i], pixels.GetFrame(i).ToSamples<byte>());
        }
    }

    [Fact]
    public void Little_endian_frames_share_the_source_memory()
    {
        var d = PixelDataDescription.Create(2, 2, 16, 16, numberOfFrames: 2);
        var data = new byte[16];
        var frame = new NativePixelData(d, data).GetFrame(1);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame.Data, out var segment));
        Assert.Same(data, segment.Array);
        Assert.Equal(8, segment.Offset);
    }

    [Fact]
    public void Big_endian_ow_swaps_16_bit_words()
    {
        var d = PixelDataDescription.Create(1, 2, 16, 16);
        var pixels = new NativePixelData(d, new byte[] { 0x12, 0x34, 0xAB, 0xCD }, PixelDataByteOrder.BigEndianOW);
        Assert.Equal(new ushort[] { 0x1234, 0xABCD }, pixels.GetFrame(0).ToSamples<ushort>());
    }

    [Fact]
    public void Too_short_pixel_data_is_refused_with_both_lengths()
    {
        var d = PixelDataDescription.Create(4, 4, 16, 12, numberOfFrames: 2);
        var ex = Assert.Throws<DicomImagingException>(() => new NativePixelData(d, new byte[63]));
        Assert.Contains("63", ex.Message, StringComparison.Ordinal);
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_stream_is_refused_at_the_offset_it_ends()
    {
        var d = PixelDataDescription.Create(4, 4, 16, 12, numberOfFrames: 2);
        await using var stream = new MemoryStream(new byte[50]);
        var frames = 0;
        var ex = await Assert.ThrowsAsync<DicomImagingException>(async () =>
        {
            await foreach (var unused in NativePixelData.ReadFramesAsync(stream, d))
            {
                frames++;
            }
        });
        Assert.Equal(1, frames);
        Assert.Equal(50, ex.Offset);
    }

    [Fact]
    public void Ob_in_big_endian_is_refused_above_8_bits()
    {
        var d = PixelDataDescription.Create(2, 2, 16, 16);
        Assert.Throws<DicomImagingException>(() => new NativePixelData(d, new byte[8], PixelDataByteOrder.BigEndianOB));
    }

    [Fact]
    public void The_writer_refuses_too_many_or_too_few_frames()
    {
        var d = PixelDataDescription.Create(2, 2, 8, 8, numberOfFrames: 2);
        var writer = new NativePixelDataWriter(Stream.Null, d);
        writer.WriteFrame(new byte[4]);
        Assert.Throws<InvalidOperationException>(() => writer.Complete());
        writer.WriteFrame(new byte[4]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(new byte[4]));
        Assert.Throws<ArgumentException>(() => new NativePixelDataWriter(Stream.Null, d).WriteFrame(new byte[3]));
    }

    private static PixelDataDescription Describe(string name) => name switch
    {
        "bits3x3x7" => PixelDataDescription.Create(3, 3, 1, 1, numberOfFrames: 7),
        "bits5x5x3" => PixelDataDescription.Create(5, 5, 1, 1, numberOfFrames: 3),
        "bits8x8x2" => PixelDataDescription.Create(8, 8, 1, 1, numberOfFrames: 2),
        "bits1x1x19" => PixelDataDescription.Create(1, 1, 1, 1, numberOfFrames: 19),
        _ => TestImages.Case(name),
    };

    private static ReadOnlySequence<byte> Chunked(byte[] data, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i < data.Length; i += size)
        {
            var chunk = data.AsMemory(i, Math.Min(size, data.Length - i));
            if (last is null)
            {
                first = last = new Segment(chunk, 0);
            }
            else
            {
                last = last.Append(chunk);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Returns at most 3 bytes per read, as a slow network stream would.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(3, buffer.Length)], cancellationToken);
    }
}
