namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>Shannon entropy of an 8-bit image's histogram, in bits per pixel (at most 8; its expectation for N uniform pixels is lower: <see cref="CriticalValues.ExpectedEntropy"/>).</summary>
public static class GlobalEntropy
{
    public static double Of(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
        {
            throw new ArgumentException("The image is empty.", nameof(pixels));
        }

        double entropy = 0;
        foreach (var count in HistogramUniformity.Histogram(pixels))
        {
            if (count > 0)
            {
                var p = (double)count / pixels.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}
