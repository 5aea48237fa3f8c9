using System.Buffers.Binary;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

public sealed class RleCodecTests
{
    public static TheoryData<string> Cases => new()
    {
        "mono8", "mono8-odd", "mono16u12", "mono16s", "rgb8", "rgb8-planar", "rgb16", "mono32s", "palette8",
    };

    [Fact]
    public void A_known_frame_encodes_to_the_packbits_of_annex_g()
    {
        // 1 row of 8-bit: 5 equal bytes then 3 different: replicate run, then literal run.
        var d = PixelDataDescription.Create(1, 8, 8, 8);
        var fragment = RleEncoder.Encode(d, [7, 7, 7, 7, 7, 1, 2, 3]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(fragment));
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(fragment.AsSpan(4)));
        Assert.All(fragment[8..64], b => Assert.Equal(0, b));
        Assert.Equal(new byte[] { 0xFC, 7, 0x02, 1, 2, 3 }, fragment[64..]);
    }

    [Fact]
    public void Sixteen_bit_segments_come_most_significant_byte_first_and_are_padded_to_even_length()
    {
        var d = PixelDataDescription.Create(1, 2, 16, 16);
        var fragment = RleEncoder.Encode(d, FrameSamples.ToFrame<ushort>(d, [0x0102, 0x0304]));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(fragment));
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(fragment.AsSpan(4)));
        Assert.Equal(68u, BinaryPrimitives.ReadUInt32LittleEndian(fragment.AsSpan(8)));
        Assert.Equal(new byte[] { 0x01, 1, 3, 0 }, fragment[64..68]); // high bytes, then the pad
        Assert.Equal(new byte[] { 0x01, 2, 4, 0 }, fragment[68..72]); // low bytes, then the pad
        Assert.Equal(72, fragment.Length);
    }

    [Fact]
    public void Runs_do_not_cross_rows_and_long_runs_split_at_128()
    {
        var d = PixelDataDescription.Create(2, 300, 8, 8);
        var frame = Enumerable.Repeat((byte)9, 600).ToArray();
        var fragment = RleEncoder.Encode(d, frame);
        // Per row: 128 + 128 + 44 → three replicate runs of two bytes each.
        Assert.Equal(64 + (2 * 6), fragment.Length);
        Assert.Equal(frame, RleDecoder.Decode(d, fragment));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Random_images_round_trip(string name)
    {
        var d = TestImages.Case(name);
        for (var seed = 0; seed < 20; seed++)
        {
            foreach (var frame in TestImages.Frames(d, TestImages.Samples(d, seed)))
            {
                var fragment = RleEncoder.Encode(d, frame);
                Assert.Equal(0, fragment.Length % 2);
                Assert.True(fragment.Length <= RleEncoder.MaxEncodedLength(d));
                Assert.Equal(frame, RleDecoder.Decode(d, fragment));
            }
        }
    }

    [Fact]
    public void Incompressible_noise_stays_within_the_bound()
    {
        var random = new Random(5);
        foreach (var columns in new[] { 1, 2, 3, 127, 128, 129, 255, 256, 257, 1000 })
        {
            var d = PixelDataDescription.Create(3, columns, 8, 8);
            var frame = new byte[d.FrameLength];
            random.NextBytes(frame);
            // Alternating pairs defeat both run kinds: the worst case for PackBits.
            var pairs = frame.Select((_, i) => (byte)((i / 2) % 2 == 0 ? 1 : 2)).ToArray();
            foreach (var f in new[] { frame, pairs })
            {
                var fragment = RleEncoder.Encode(d, f);
                Assert.True(fragment.Length <= RleEncoder.MaxEncodedLength(d), $"{columns} columns");
                Assert.Equal(f, RleDecoder.Decode(d, fragment));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_truncation_of_a_fragment_gives_a_clear_error(string name)
    {
        var d = TestImages.Case(name);
        var frame = TestImages.Frames(d, TestImages.Samples(d, 1))[0];
        var fragment = RleEncoder.Encode(d, frame);
        for (var length = 0; length < fragment.Length; length++)
        {
            var cut = fragment[..length];
            if (length == fragment.Length - 1 && fragment[^1] == 0)
            {
                // The last byte may be the final segment's pad: losing only that loses nothing,
                // so the decoder may either return the whole frame or refuse; never anything else.
                try
                {
                    Assert.Equal(frame, RleDecoder.Decode(d, cut));
                }
                catch (DicomImagingException)
                {
                }

                continue;
            }

            // A pad is at most one byte, so every shorter cut loses data.
            var ex = Assert.Throws<DicomImagingException>(() => RleDecoder.Decode(d, cut));
            Assert.StartsWith("RLE", ex.Message, StringComparison.Ordinal);
            Assert.NotNull(ex.Offset);
        }
    }

    [Fact]
    public void Frames_decode_lazily_one_fragment_each_and_the_fragment_count_must_match()
    {
        var d = TestImages.Case("mono16sx3");
        var frames = TestImages.Frames(d, TestImages.Samples(d, 8));
        var fragments = RleEncoder.EncodeFrames(d, frames.Select(f => (ReadOnlyMemory<byte>)f)).Select(f => (ReadOnlyMemory<byte>)f).ToList();
        var decoded = RleDecoder.DecodeFrames(d, fragments).ToList();
        Assert.Equal(frames, decoded.Select(f => f.Data.ToArray()));
        Assert.Equal([0, 1, 2], decoded.Select(f => f.Index));

        Assert.Throws<DicomImagingException>(() => RleDecoder.DecodeFrames(d, fragments.Take(2)).ToList());
        Assert.Throws<DicomImagingException>(() => RleDecoder.DecodeFrames(d, fragments.Append(fragments[0])).ToList());
        Assert.Throws<DicomImagingException>(() => RleEncoder.EncodeFrames(PixelDataDescription.Create(2, 2, 1, 1), []));
    }

    [Fact]
    public void Corrupt_headers_are_refused()
    {
        var d = PixelDataDescription.Create(4, 4, 16, 16);
        var good = RleEncoder.Encode(d, new byte[32]);

        AssertRefused(d, With(good, 0, 1), "declares 1 segment");
        AssertRefused(d, With(good, 0, 16), "declares 16 segment");
        AssertRefused(d, With(good, 0, 0xFFFFFFFF), "segment");
        AssertRefused(d, With(good, 4, 60), "offset of segment 1 is 60");
        AssertRefused(d, With(good, 4, 0xFFFFFFF0), "offset of segment 1");
        AssertRefused(d, With(good, 8, 64), "offset of segment 2 is 64");
        AssertRefused(d, With(good, 8, (uint)good.Length + 1), "offset of segment 2");
        Assert.Throws<DicomImagingException>(() => RleDecoder.Decode(PixelDataDescription.Create(2, 2, 1, 1), new byte[64]));
    }

    [Fact]
    public void Runs_that_overrun_the_segment_are_refused_not_written()
    {
        var d = PixelDataDescription.Create(1, 4, 8, 8);
        var header = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 64);

        AssertRefused(d, [.. header, 0xFB, 5], "overruns");          // replicate 6 bytes into 4
        AssertRefused(d, [.. header, 0x04, 1, 2, 3, 4, 5], "overruns"); // literal 5 bytes into 4
        AssertRefused(d, [.. header, 0x03, 1, 2], "past the segment's end");
        AssertRefused(d, [.. header, 0xFF], "no byte to repeat");
        AssertRefused(d, [.. header, 0x80, 0x80, 0x80], "ends after");
        Assert.Equal(new byte[] { 5, 5, 5, 5 }, RleDecoder.Decode(d, [.. header, 0x80, 0xFD, 5, 0x80, 0x00, 0x00]));
    }

    [Fact]
    public void Random_garbage_never_escapes_as_anything_but_the_imaging_exception()
    {
        var random = new Random(17);
        var d = PixelDataDescription.Create(8, 8, 16, 16, photometricInterpretation: PhotometricInterpretation.Rgb);
        var frame = new byte[d.FrameLength];
        var good = RleEncoder.Encode(d, TestImages.Frames(d, TestImages.Samples(d, 4))[0]);
        for (var i = 0; i < 3000; i++)
        {
            var bad = (byte[])good.Clone();
            var flips = random.Next(1, 6);
            for (var f = 0; f < flips; f++)
            {
                bad[random.Next(bad.Length)] = (byte)random.Next(256);
            }

            try
            {
                RleDecoder.Decode(d, bad, frame);
            }
            catch (DicomImagingException)
            {
            }
        }
    }

    private static void AssertRefused(PixelDataDescription d, byte[] fragment, string expected)
    {
        var ex = Assert.Throws<DicomImagingException>(() => RleDecoder.Decode(d, fragment));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static byte[] With(byte[] fragment, int at, uint value)
    {
        var copy = (byte[])fragment.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }
}
