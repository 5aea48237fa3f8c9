namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>
/// How RLE segments map onto a frame's sample cells (PS3.5 G.2): one segment per byte of
/// each sample, samples in order, and within a sample the most significant byte first.
/// </summary>
internal readonly struct RleLayout
{
    public const int HeaderLength = 64;
    public const int MaxSegments = 15;

    private RleLayout(PixelDataDescription description)
    {
        BytesPerSample = description.BytesPerSample;
        SamplesPerPixel = description.SamplesPerPixel;
        Pixels = description.PixelsPerFrame;
        Columns = description.Columns;
        Planar = description.PlanarConfiguration == PlanarConfiguration.Planar;
    }

    public int BytesPerSample { get; }

    public int SamplesPerPixel { get; }

    public int Pixels { get; }

    public int Columns { get; }

    public bool Planar { get; }

    public int SegmentCount => BytesPerSample * SamplesPerPixel;

    public static RleLayout For(PixelDataDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.BitsAllocated is not (8 or 16 or 32))
        {
            throw new DicomImagingException($"RLE Lossless handles Bits Allocated 8, 16 and 32, not {description.BitsAllocated}.");
        }

        return new RleLayout(description);
    }

    /// <summary>Where the first byte of segment <paramref name="segment"/> goes in a little-endian frame.</summary>
    public int FirstByte(int segment)
    {
        var sample = segment / BytesPerSample;
        var littleEndianByte = BytesPerSample - 1 - (segment % BytesPerSample);
        return ((Planar ? sample * Pixels : sample) * BytesPerSample) + littleEndianByte;
    }

    /// <summary>The distance in the frame between consecutive bytes of one segment.</summary>
    public int Stride => Planar ? BytesPerSample : BytesPerSample * SamplesPerPixel;
}
