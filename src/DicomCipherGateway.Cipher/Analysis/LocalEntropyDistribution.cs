namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// The distribution of the Shannon entropy of n uniform 8-bit pixels, computed exactly from the
/// multinomial counts rather than simulated: E[H] = 256·E[h(c)] and
/// Var[H] = 256·Var[h(c)] + 256·255·Cov[h(c₁), h(c₂)], with h(c) = −(c/n)·log₂(c/n), c ~ Bin(n, 1/256)
/// and (c₁, c₂) trinomial. For n = 1,936 this gives the mean 7.902469317 of Wu et al. (2013) and a
/// per-block standard deviation of about 0.0087.
/// </summary>
public static class LocalEntropyDistribution
{
    /// <summary>Blocks per image in Wu et al.'s local entropy.</summary>
    public const int Blocks = 30;

    /// <summary>Pixels per block (44 × 44).</summary>
    public const int BlockPixels = 1936;

    /// <summary>Side of a block.</summary>
    public const int BlockSide = 44;

    private const int Levels = 256;

    /// <summary>E[H] of n uniform 8-bit pixels.</summary>
    public static double ExpectedEntropy(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        const double p = 1.0 / Levels;
        double mean = 0;
        foreach (var (c, prob) in BinomialSupport(n, p))
        {
            mean += prob * H(c, n);
        }

        return Levels * mean;
    }

    /// <summary>The standard deviation of H for n uniform 8-bit pixels.</summary>
    public static double StandardDeviation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        const double p = 1.0 / Levels;
        double mean = 0, second = 0;
        var support = BinomialSupport(n, p).ToArray();
        foreach (var (c, prob) in support)
        {
            var h = H(c, n);
            mean += prob * h;
            second += prob * h * h;
        }

        // E[h(c₁) h(c₂)] over the trinomial (c₁, c₂, rest) with probabilities (p, p, 1 − 2p).
        double joint = 0;
        var lnN = SpecialFunctions.LogGamma(n + 1.0);
        foreach (var (a, _) in support)
        {
            foreach (var (b, _) in support)
            {
                if (a + b > n)
                {
                    continue;
                }

                var lnProb = lnN - SpecialFunctions.LogGamma(a + 1.0) - SpecialFunctions.LogGamma(b + 1.0) - SpecialFunctions.LogGamma(n - a - b + 1.0)
                    + ((a + b) * Math.Log(p)) + ((n - a - b) * Math.Log(1 - (2 * p)));
                joint += Math.Exp(lnProb) * H(a, n) * H(b, n);
            }
        }

        var variance = (Levels * (second - (mean * mean))) + (Levels * (Levels - 1) * (joint - (mean * mean)));
        return Math.Sqrt(variance);
    }

    /// <summary>
    /// The corrected two-sided interval for the mean of k block entropies at α: μ ± z(1 − α/2)·σ/√k
    /// (the mean of k independent blocks; by the central limit theorem close to normal at k = 30).
    /// </summary>
    public static Interval CorrectedInterval(double alpha, int blocks = Blocks, int blockPixels = BlockPixels)
    {
        var mean = ExpectedEntropy(blockPixels);
        var spread = SpecialFunctions.NormalQuantile(1 - (alpha / 2)) * StandardDeviation(blockPixels) / Math.Sqrt(blocks);
        return new Interval(mean - spread, mean + spread);
    }

    /// <summary>The interval as Wu et al. (2013) published it for k = 30, 1,936 pixels (their table: spread σ/k instead of σ/√k).</summary>
    public static Interval PublishedInterval(double alpha) => alpha switch
    {
        0.05 => new Interval(7.901901305, 7.903037329),
        0.01 => new Interval(7.901722822, 7.903215812),
        0.001 => new Interval(7.901515698, 7.903422936),
        _ => throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Wu et al. tabulate α = 0.05, 0.01 and 0.001 only"),
    };

    private static double H(int c, int n)
    {
        if (c == 0)
        {
            return 0;
        }

        var q = (double)c / n;
        return -q * Math.Log2(q);
    }

    /// <summary>The counts c with a non-negligible Bin(n, p) probability, with that probability.</summary>
    private static IEnumerable<(int C, double Probability)> BinomialSupport(int n, double p)
    {
        var mean = n * p;
        var sd = Math.Sqrt(n * p * (1 - p));
        var high = (int)Math.Min(n, Math.Ceiling(mean + (12 * sd) + 20));
        var lnN = SpecialFunctions.LogGamma(n + 1.0);
        for (var c = 0; c <= high; c++)
        {
            var ln = lnN - SpecialFunctions.LogGamma(c + 1.0) - SpecialFunctions.LogGamma(n - c + 1.0) + (c * Math.Log(p)) + ((n - c) * Math.Log(1 - p));
            var prob = Math.Exp(ln);
            if (prob > 1e-300)
            {
                yield return (c, prob);
            }
        }
    }
}
