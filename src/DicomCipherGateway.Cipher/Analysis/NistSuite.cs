namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>One SP 800-22 test over many sequences, judged as section 4.2 says: the proportion of P-values ≥ α, and the uniformity of the P-values.</summary>
public sealed record NistTestResult(string Test, int Sequences, double Proportion, double MinimumProportion, double UniformityP, bool UniformityJudged)
{
    /// <summary>The smallest uniformity P-value that passes (section 4.2.2).</summary>
    public const double UniformityThreshold = 0.0001;

    /// <summary>Passes the proportion criterion.</summary>
    public bool ProportionPasses => Proportion >= MinimumProportion;

    /// <summary>Passes both criteria (uniformity only counts when judged: section 4.2.2 asks for at least 55 sequences).</summary>
    public bool Passes => ProportionPasses && (!UniformityJudged || UniformityP >= UniformityThreshold);
}

/// <summary>
/// Runs the eight tests on <c>s</c> sequences of <c>n</c> bits at α = 0.01. Parameters are the
/// reference suite's defaults for 10⁶ bits (block frequency M = 128, approximate entropy m = 10,
/// serial m = 16), lowered for short sequences to what section 2 allows (m &lt; ⌊log₂ n⌋ − 5 and − 2).
/// </summary>
public static class NistSuite
{
    /// <summary>The significance level of each test.</summary>
    public const double Alpha = 0.01;

    /// <summary>The smallest proportion of passing sequences: p̂ − 3√(p̂(1 − p̂)/s) with p̂ = 1 − α (section 4.2.1; 0.96015 for s = 100).</summary>
    public static double MinimumProportion(int sequences)
    {
        const double p = 1 - Alpha;
        return p - (3 * Math.Sqrt(p * (1 - p) / sequences));
    }

    /// <summary>The uniformity P-value of section 4.2.2: χ² of the P-values in ten bins, 9 degrees of freedom.</summary>
    public static double Uniformity(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var bins = new int[10];
        foreach (var p in pValues)
        {
            bins[Math.Clamp((int)(p * 10), 0, 9)]++;
        }

        var expected = pValues.Count / 10.0;
        var chi = bins.Sum(b => (b - expected) * (b - expected) / expected);
        return SpecialFunctions.Igamc(4.5, chi / 2);
    }

    /// <summary>Runs every test on each sequence (bits as 0/1 bytes) and judges the P-values per test.</summary>
    public static IReadOnlyList<NistTestResult> Run(IReadOnlyList<byte[]> sequences, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            throw new ArgumentException("No sequences to test.", nameof(sequences));
        }

        var n = sequences[0].Length;
        var log2 = (int)Math.Floor(Math.Log2(n));
        var apEnM = Math.Min(10, log2 - 6);
        var serialM = Math.Min(16, log2 - 3);
        var blockM = Math.Min(128, Math.Max(20, n / 100));
        var names = new[]
        {
            "Frequency", $"BlockFrequency (M={blockM})", "Runs", "LongestRun", "FFT", $"ApproximateEntropy (m={apEnM})",
            $"Serial (m={serialM}) ∇ψ²", $"Serial (m={serialM}) ∇²ψ²", "CumulativeSums forward", "CumulativeSums backward",
        };
        var pValues = names.Select(_ => new double[sequences.Count]).ToArray();
        var done = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            var bits = sequences[i];
            if (bits.Length != n)
            {
                throw new ArgumentException("All sequences must have the same length.", nameof(sequences));
            }

            pValues[0][i] = Sp80022.Frequency(bits);
            pValues[1][i] = Sp80022.BlockFrequency(bits, blockM);
            pValues[2][i] = Sp80022.Runs(bits);
            pValues[3][i] = Sp80022.LongestRunOfOnes(bits);
            pValues[4][i] = Sp80022.DiscreteFourierTransform(bits);
            pValues[5][i] = Sp80022.ApproximateEntropy(bits, apEnM);
            (pValues[6][i], pValues[7][i]) = Sp80022.Serial(bits, serialM);
            pValues[8][i] = Sp80022.CumulativeSums(bits, backward: false);
            pValues[9][i] = Sp80022.CumulativeSums(bits, backward: true);
            progress?.Report(++done);
        }

        var minimum = MinimumProportion(sequences.Count);
        return names.Select((name, t) => new NistTestResult(
            name,
            sequences.Count,
            pValues[t].Count(p => p >= Alpha) / (double)sequences.Count,
            minimum,
            Uniformity(pValues[t]),
            sequences.Count >= 55)).ToArray();
    }

    /// <summary>Unpacks bytes into bits, most significant bit first (how the literature concatenates 8-bit pixels).</summary>
    public static byte[] ToBits(ReadOnlySpan<byte> bytes)
    {
        var bits = new byte[bytes.Length * 8];
        for (var i = 0; i < bytes.Length; i++)
        {
            for (var b = 0; b < 8; b++)
            {
                bits[(i * 8) + b] = (byte)((bytes[i] >> (7 - b)) & 1);
            }
        }

        return bits;
    }
}
