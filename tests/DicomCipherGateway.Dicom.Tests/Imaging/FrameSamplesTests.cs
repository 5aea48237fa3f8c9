using System.Buffers.Binary;
using DicomCipherGateway.Dicom.Imaging;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

public sealed class FrameSamplesTests
{
    [Fact]
    public void Twelve_bits_signed_in_sixteen_are_sign_extended_from_bit_11_ignoring_the_bits_above()
    {
        var d = PixelDataDescription.Create(1, 4, 16, 12, PixelRepresentation.Signed);
        var frame = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(frame, 0x0800);          // -2048
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), 0x07FF); // 2047
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), 0xFFFF); // -1
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), 0xA005); // overlay garbage above bit 11: 5
        Assert.Equal(new short[] { -2048, 2047, -1, 5 }, FrameSamples.ToArray<short>(d, frame));
        Assert.Equal(new[] { -2048, 2047, -1, 5 }, FrameSamples.ToArray<int>(d, frame));
    }

    [Fact]
    public void Unsigned_values_are_masked_to_bits_stored()
    {
        var d = PixelDataDescription.Create(1, 2, 16, 12);
        var frame = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(frame, 0xF123);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), 0x0FFF);
        Assert.Equal(new ushort[] { 0x123, 0xFFF }, FrameSamples.ToArray<ushort>(d, frame));
    }

    [Fact]
    public void A_legacy_high_bit_takes_the_stored_bits_ending_at_it()
    {
        // Bits Stored 12 at High Bit 15: the value is in bits 4..15.
        var d = new PixelDataDescription(1, 2, 1, 1, 16, 12, 15, PixelRepresentation.Signed, PlanarConfiguration.Interleaved, PhotometricInterpretation.Monochrome2);
        var frame = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(frame, 0x800F);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), 0x7FF0);
        Assert.Equal(new short[] { -2048, 2047 }, FrameSamples.ToArray<short>(d, frame));
        var written = FrameSamples.ToFrame<short>(d, [-2048, 2047]);
        Assert.Equal(new byte[] { 0x00, 0x80, 0xF0, 0x7F }, written);
    }

    [Fact]
    public void Writing_signed_values_puts_sign_bits_above_high_bit_and_unsigned_zeros()
    {
        var signed = PixelDataDescription.Create(1, 3, 16, 12, PixelRepresentation.Signed);
        var frame = FrameSamples.ToFrame<int>(signed, [-1, -2048, 100]);
        Assert.Equal(new ushort[] { 0xFFFF, 0xF800, 100 }, Cells(frame));

        var unsigned = PixelDataDescription.Create(1, 2, 16, 12);
        Assert.Equal(new ushort[] { 4095, 0 }, Cells(FrameSamples.ToFrame<int>(unsigned, [4095, 0])));
    }

    [Fact]
    public void Out_of_range_values_are_refused_unless_masking_is_asked_for()
    {
        var d = PixelDataDescription.Create(1, 3, 16, 12);
        var ex = Assert.Throws<DicomImagingException>(() => FrameSamples.ToFrame<int>(d, [1, 4096, 2]));
        Assert.Contains("Sample 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DicomImagingException>(() => FrameSamples.ToFrame<int>(d, [-1, 0, 0]));
        Assert.Equal(new ushort[] { 1, 0, 0xFFF }, Cells(FrameSamples.ToFrame<int>(d, [1, 4096, -1], SampleOverflow.Mask)));

        var s = PixelDataDescription.Create(1, 2, 16, 12, PixelRepresentation.Signed);
        Assert.Throws<DicomImagingException>(() => FrameSamples.ToFrame<int>(s, [2048, 0]));
        // 2048 masked to 12 bits is 0x800, which reads back as -2048.
        Assert.Equal(new short[] { -2048, 0 }, FrameSamples.ToArray<short>(s, FrameSamples.ToFrame<int>(s, [2048, 0], SampleOverflow.Mask)));
    }

    [Fact]
    public void A_sample_type_too_small_for_bits_stored_is_refused()
    {
        var d = PixelDataDescription.Create(1, 2, 16, 12, PixelRepresentation.Signed);
        Assert.Throws<DicomImagingException>(() => FrameSamples.ToArray<ushort>(d, new byte[4]));
        Assert.Throws<DicomImagingException>(() => FrameSamples.ToArray<sbyte>(d, new byte[4]));
        Assert.True(FrameSamples.CanHold<short>(d));
        Assert.False(FrameSamples.CanHold<byte>(PixelDataDescription.Create(1, 1, 16, 9)));
        Assert.True(FrameSamples.CanHold<byte>(PixelDataDescription.Create(1, 1, 16, 8)));
        Assert.True(FrameSamples.CanHold<uint>(PixelDataDescription.Create(1, 1, 32, 32)));
        Assert.False(FrameSamples.CanHold<int>(PixelDataDescription.Create(1, 1, 32, 32)));
    }

    [Fact]
    public void Every_supported_type_round_trips_its_full_range()
    {
        RoundTrip<byte>(PixelDataDescription.Create(1, 256, 8, 8), i => (byte)i);
        RoundTrip<sbyte>(PixelDataDescription.Create(1, 256, 8, 8, PixelRepresentation.Signed), i => (sbyte)(i - 128));
        RoundTrip<ushort>(PixelDataDescription.Create(256, 256, 16, 16), i => (ushort)i);
        RoundTrip<short>(PixelDataDescription.Create(256, 256, 16, 16, PixelRepresentation.Signed), i => (short)(i - 32768));
        RoundTrip<uint>(PixelDataDescription.Create(1, 5, 32, 32), i => new[] { 0u, 1u, 0x7FFFFFFFu, 0x80000000u, uint.MaxValue }[i]);
        RoundTrip<int>(PixelDataDescription.Create(1, 5, 32, 32, PixelRepresentation.Signed), i => new[] { 0, 1, int.MaxValue, int.MinValue, -1 }[i]);
        RoundTrip<int>(PixelDataDescription.Create(1, 4, 32, 24, PixelRepresentation.Signed), i => new[] { 0, -8388608, 8388607, -1 }[i]);
        RoundTrip<byte>(PixelDataDescription.Create(3, 5, 1, 1), i => (byte)((i * 7) % 3 == 0 ? 1 : 0));
    }

    [Fact]
    public void One_bit_frames_read_as_zero_and_one_least_significant_bit_first()
    {
        var d = PixelDataDescription.Create(2, 5, 1, 1);
        var frame = new byte[] { 0b1000_0101, 0b0000_0010 };
        Assert.Equal(new byte[] { 1, 0, 1, 0, 0, 0, 0, 1, 0, 1 }, FrameSamples.ToArray<byte>(d, frame));
        Assert.Throws<DicomImagingException>(() => FrameSamples.ToFrame<byte>(d, [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void Wrong_buffer_lengths_are_refused()
    {
        var d = PixelDataDescription.Create(2, 2, 16, 16);
        Assert.Throws<ArgumentException>(() => FrameSamples.ToArray<ushort>(d, new byte[7]));
        Assert.Throws<ArgumentException>(() => FrameSamples.ToFrame<ushort>(d, new ushort[3]));
    }

    [Fact]
    public void Planar_configuration_converts_both_ways_for_samples_and_frame_bytes()
    {
        int[] interleaved = [1, 2, 3, 4, 5, 6];
        var planar = new int[6];
        PlanarConfigurationConverter.ToPlanar<int>(interleaved, planar, 3);
        Assert.Equal(new[] { 1, 4, 2, 5, 3, 6 }, planar);
        var back = new int[6];
        PlanarConfigurationConverter.ToInterleaved<int>(planar, back, 3);
        Assert.Equal(interleaved, back);

        var d = PixelDataDescription.Create(1, 2, 16, 16, photometricInterpretation: PhotometricInterpretation.Rgb);
        var frame = FrameSamples.ToFrame<ushort>(d, [0x0102, 0x0304, 0x0506, 0x0708, 0x090A, 0x0B0C]);
        var planarFrame = new byte[frame.Length];
        PlanarConfigurationConverter.Convert(d, frame, planarFrame, PlanarConfiguration.Planar);
        Assert.Equal(new ushort[] { 0x0102, 0x0708, 0x0304, 0x090A, 0x0506, 0x0B0C }, Cells(planarFrame));
        var restored = new byte[frame.Length];
        PlanarConfigurationConverter.Convert(d.WithPlanarConfiguration(PlanarConfiguration.Planar), planarFrame, restored, PlanarConfiguration.Interleaved);
        Assert.Equal(frame, restored);
    }

    private static void RoundTrip<T>(PixelDataDescription d, Func<int, T> value)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        var samples = Enumerable.Range(0, d.SamplesPerFrame).Select(value).ToArray();
        var frame = FrameSamples.ToFrame<T>(d, samples);
        Assert.Equal(d.FrameLength, frame.Length);
        Assert.Equal(samples, FrameSamples.ToArray<T>(d, frame));
    }

    private static ushort[] Cells(byte[] frame) =>
        Enumerable.Range(0, frame.Length / 2).Select(i => BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(i * 2))).ToArray();
}
