namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>The histogram of an 8-bit image and its χ² statistic against the uniform histogram (255 degrees of freedom).</summary>
public static class HistogramUniformity
{
    public static long[] Histogram(ReadOnlySpan<byte> pixels)
    {
        var histogram = new long[256];
        foreach (var p in pixels)
        {
            histogram[p]++;
        }

        return histogram;
    }

    /// <summary>χ² = Σ (observed − expected)² / expected with expected = N/256.</summary>
    public static double ChiSquare(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
        {
            throw new ArgumentException("The image is empty.", nameof(pixels));
        }

        var expected = pixels.Length / 256.0;
        return Histogram(pixels).Sum(o => (o - expected) * (o - expected) / expected);
    }
}
