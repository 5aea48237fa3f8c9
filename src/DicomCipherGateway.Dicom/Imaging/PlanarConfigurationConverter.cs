namespace DicomCipherGateway.Dicom.Imaging;

/// <summary>Reorders the samples of multi-sample pixels between color-by-pixel and color-by-plane (Planar Configuration 0 and 1).</summary>
public static class PlanarConfigurationConverter
{
    /// <summary>R1 G1 B1 R2 G2 B2 ... → R1 R2 ... G1 G2 ... B1 B2 ...</summary>
    public static void ToPlanar<T>(ReadOnlySpan<T> interleaved, Span<T> planar, int samplesPerPixel)
        where T : unmanaged
    {
        var pixels = Check(interleaved.Length, planar.Length, samplesPerPixel);
        for (var s = 0; s < samplesPerPixel; s++)
        {
            var plane = planar.Slice(s * pixels, pixels);
            for (var p = 0; p < pixels; p++)
            {
                plane[p] = interleaved[(p * samplesPerPixel) + s];
            }
        }
    }

    /// <summary>R1 R2 ... G1 G2 ... B1 B2 ... → R1 G1 B1 R2 G2 B2 ...</summary>
    public static void ToInterleaved<T>(ReadOnlySpan<T> planar, Span<T> interleaved, int samplesPerPixel)
        where T : unmanaged
    {
        var pixels = Check(planar.Length, interleaved.Length, samplesPerPixel);
        for (var s = 0; s < samplesPerPixel; s++)
        {
            var plane = planar.Slice(s * pixels, pixels);
            for (var p = 0; p < pixels; p++)
            {
                interleaved[(p * samplesPerPixel) + s] = plane[p];
            }
        }
    }

    /// <summary>
    /// Converts a native frame's bytes (cells of <see cref="PixelDataDescription.BytesPerSample"/> bytes)
    /// from the description's planar configuration to <paramref name="target"/>.
    /// </summary>
    public static void Convert(PixelDataDescription description, ReadOnlySpan<byte> frame, Span<byte> destination, PlanarConfiguration target)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.BitsAllocated == 1)
        {
            throw new DicomImagingException("Bits Allocated 1 has one sample per pixel; there is no planar configuration to convert.");
        }

        if (frame.Length != description.FrameLength || destination.Length != description.FrameLength)
        {
            throw new ArgumentException($"A frame is {description.FrameLength} bytes.");
        }

        if (frame.Overlaps(destination))
        {
            throw new ArgumentException("The source and destination frames must not overlap.");
        }

        if (description.PlanarConfiguration == target || description.SamplesPerPixel == 1)
        {
            frame.CopyTo(destination);
            return;
        }

        var cell = description.BytesPerSample;
        var spp = description.SamplesPerPixel;
        var pixels = description.PixelsPerFrame;
        for (var s = 0; s < spp; s++)
        {
            for (var p = 0; p < pixels; p++)
            {
                var interleavedAt = ((p * spp) + s) * cell;
                var planarAt = ((s * pixels) + p) * cell;
                var (from, to) = target == PlanarConfiguration.Planar ? (interleavedAt, planarAt) : (planarAt, interleavedAt);
                frame.Slice(from, cell).CopyTo(destination.Slice(to, cell));
            }
        }
    }

    private static int Check(int source, int destination, int samplesPerPixel)
    {
        if (samplesPerPixel < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samplesPerPixel), samplesPerPixel, "must be at least 1");
        }

        if (source != destination || source % samplesPerPixel != 0)
        {
            throw new ArgumentException($"Source ({source}) and destination ({destination}) must have the same length, a multiple of {samplesPerPixel} samples.");
        }

        return source / samplesPerPixel;
    }
}
