namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>An interval [Low, High] a statistic must fall in to pass.</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => value >= Low && value <= High;
}

/// <summary>
/// Critical values of the image-cipher statistics, derived from their distributions rather than
/// copied, so they are right for any image size and level.
/// </summary>
public static class CriticalValues
{
    /// <summary>The significance levels the literature tabulates.</summary>
    public static IReadOnlyList<double> Alphas { get; } = [0.05, 0.01, 0.001];

    /// <summary>
    /// Wu, Noonan and Agaian (2011), eq. 13: NPCR of two independent uniform images of
    /// <paramref name="pixels"/> pixels with largest value F passes at α when
    /// NPCR ≥ (F − Φ⁻¹(1 − α)·√(F/N)) / (F + 1). Returned as a fraction (0..1).
    /// </summary>
    public static double NpcrMinimum(int pixels, double alpha, int largestValue = 255)
    {
        double f = largestValue;
        var z = SpecialFunctions.NormalQuantile(1 - alpha);
        return (f - (z * Math.Sqrt(f / pixels))) / (f + 1);
    }

    /// <summary>
    /// Wu, Noonan and Agaian (2011), eqs. 16–17: UACI of two independent uniform images is
    /// approximately normal with mean (F + 2)/(3F + 3) and variance
    /// (F + 2)(F² + 2F + 3)/(18 (F + 1)² N F); the two-sided interval at α, as fractions.
    /// </summary>
    public static Interval UaciInterval(int pixels, double alpha, int largestValue = 255)
    {
        double f = largestValue;
        var mean = (f + 2) / ((3 * f) + 3);
        var variance = (f + 2) * ((f * f) + (2 * f) + 3) / (18 * (f + 1) * (f + 1) * pixels * f);
        var z = SpecialFunctions.NormalQuantile(1 - (alpha / 2));
        var spread = z * Math.Sqrt(variance);
        return new Interval(mean - spread, mean + spread);
    }

    /// <summary>The χ² critical value of an 8-bit histogram (255 degrees of freedom): 293.25 at α = 0.05.</summary>
    public static double HistogramChiSquare(double alpha) => SpecialFunctions.ChiSquareCritical(255, alpha);

    /// <summary>The Shannon entropy of N uniform 8-bit pixels in expectation (the "ideal" global entropy is below 8 for finite N).</summary>
    public static double ExpectedEntropy(int pixels) => LocalEntropyDistribution.ExpectedEntropy(pixels);
}
