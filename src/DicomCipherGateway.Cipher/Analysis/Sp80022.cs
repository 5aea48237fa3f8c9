using System.Numerics;

namespace DicomCipherGateway.Cipher.Analysis;

/// <summary>
/// The eight NIST SP 800-22 rev. 1a tests the image-encryption literature reports, on one
/// sequence of bits (each byte 0 or 1). Formulas and parameter choices follow the publication's
/// section 2 and its reference code; every test is checked against the publication's worked example.
/// </summary>
public static class Sp80022
{
    /// <summary>2.1 Frequency (monobit).</summary>
    public static double Frequency(ReadOnlySpan<byte> bits)
    {
        RequireBits(bits, 1);
        long s = 0;
        foreach (var b in bits)
        {
            s += b == 0 ? -1 : 1;
        }

        var sObs = Math.Abs(s) / Math.Sqrt(bits.Length);
        return SpecialFunctions.Erfc(sObs / Math.Sqrt(2));
    }

    /// <summary>2.2 Frequency within a block of <paramref name="blockLength"/> bits.</summary>
    public static double BlockFrequency(ReadOnlySpan<byte> bits, int blockLength)
    {
        RequireBits(bits, blockLength);
        var blocks = bits.Length / blockLength;
        double chi = 0;
        for (var i = 0; i < blocks; i++)
        {
            var ones = Ones(bits.Slice(i * blockLength, blockLength));
            var pi = (double)ones / blockLength;
            chi += (pi - 0.5) * (pi - 0.5);
        }

        chi *= 4.0 * blockLength;
        return SpecialFunctions.Igamc(blocks / 2.0, chi / 2);
    }

    /// <summary>2.3 Runs; 0 when the frequency prerequisite |π − ½| &lt; 2/√n fails (as the reference code does).</summary>
    public static double Runs(ReadOnlySpan<byte> bits)
    {
        RequireBits(bits, 2);
        var n = bits.Length;
        var pi = (double)Ones(bits) / n;
        if (Math.Abs(pi - 0.5) >= 2 / Math.Sqrt(n))
        {
            return 0;
        }

        long v = 1;
        for (var k = 0; k + 1 < n; k++)
        {
            if (bits[k] != bits[k + 1])
            {
                v++;
            }
        }

        var numerator = Math.Abs(v - (2.0 * n * pi * (1 - pi)));
        var denominator = 2 * Math.Sqrt(2.0 * n) * pi * (1 - pi);
        return SpecialFunctions.Erfc(numerator / denominator);
    }

    /// <summary>2.4 Longest run of ones in a block (M = 8, 128 or 10⁴ by the sequence length, as in table 2.4).</summary>
    public static double LongestRunOfOnes(ReadOnlySpan<byte> bits)
    {
        var n = bits.Length;
        if (n < 128)
        {
            throw new ArgumentException("The longest-run test needs at least 128 bits.", nameof(bits));
        }

        (int m, int low, double[] pi) = n < 6272
            ? (8, 1, new[] { 0.2148, 0.3672, 0.2305, 0.1875 })
            : n < 750_000
                ? (128, 4, new[] { 0.1174, 0.2430, 0.2493, 0.1752, 0.1027, 0.1124 })
                : (10_000, 10, new[] { 0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727 });
        var blocks = n / m;
        var counts = new long[pi.Length];
        for (var i = 0; i < blocks; i++)
        {
            int longest = 0, run = 0;
            foreach (var b in bits.Slice(i * m, m))
            {
                run = b == 0 ? 0 : run + 1;
                longest = Math.Max(longest, run);
            }

            counts[Math.Clamp(longest - low, 0, pi.Length - 1)]++;
        }

        double chi = 0;
        for (var i = 0; i < pi.Length; i++)
        {
            var expected = blocks * pi[i];
            chi += (counts[i] - expected) * (counts[i] - expected) / expected;
        }

        return SpecialFunctions.Igamc((pi.Length - 1) / 2.0, chi / 2);
    }

    /// <summary>2.6 Discrete Fourier transform (spectral), with the rev. 1a threshold √(ln(1/0.05)·n) and N₀ = 0.95·n/2.</summary>
    public static double DiscreteFourierTransform(ReadOnlySpan<byte> bits)
    {
        RequireBits(bits, 2);
        var n = bits.Length;
        var x = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = bits[i] == 0 ? -1 : 1;
        }

        var spectrum = Fourier.Transform(x);
        var threshold = Math.Sqrt(Math.Log(1 / 0.05) * n);
        var n0 = 0.95 * n / 2;
        var n1 = 0;
        for (var j = 0; j < n / 2; j++)
        {
            if (spectrum[j].Magnitude < threshold)
            {
                n1++;
            }
        }

        var d = (n1 - n0) / Math.Sqrt(n * 0.95 * 0.05 / 4);
        return SpecialFunctions.Erfc(Math.Abs(d) / Math.Sqrt(2));
    }

    /// <summary>2.12 Approximate entropy with blocks of <paramref name="m"/> bits.</summary>
    public static double ApproximateEntropy(ReadOnlySpan<byte> bits, int m)
    {
        RequireBits(bits, m + 1);
        var n = bits.Length;
        var apEn = Phi(bits, m) - Phi(bits, m + 1);
        var chi = 2.0 * n * (Math.Log(2) - apEn);
        return SpecialFunctions.Igamc(Math.Pow(2, m - 1), chi / 2);
    }

    /// <summary>2.11 Serial with blocks of <paramref name="m"/> bits: the two P-values (∇ψ², ∇²ψ²).</summary>
    public static (double P1, double P2) Serial(ReadOnlySpan<byte> bits, int m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 2);
        RequireBits(bits, m);
        var psi0 = Psi2(bits, m);
        var psi1 = Psi2(bits, m - 1);
        var psi2 = Psi2(bits, m - 2);
        var del1 = psi0 - psi1;
        var del2 = psi0 - (2 * psi1) + psi2;
        return (SpecialFunctions.Igamc(Math.Pow(2, m - 2), del1 / 2), SpecialFunctions.Igamc(Math.Pow(2, m - 3), del2 / 2));
    }

    /// <summary>2.13 Cumulative sums, forward (<paramref name="backward"/> false) or backward.</summary>
    public static double CumulativeSums(ReadOnlySpan<byte> bits, bool backward)
    {
        RequireBits(bits, 1);
        var n = bits.Length;
        long s = 0, z = 0;
        for (var i = 0; i < n; i++)
        {
            s += bits[backward ? n - 1 - i : i] == 0 ? -1 : 1;
            z = Math.Max(z, Math.Abs(s));
        }

        var sqrtN = Math.Sqrt(n);
        var ratio = (double)n / z;
        double sum1 = 0;

        // The reference code's integer loop variables: the lower bound is truncated towards zero.
        for (var k = (int)((-ratio + 1) / 4); k <= (ratio - 1) / 4; k++)
        {
            sum1 += SpecialFunctions.NormalCdf(((4 * k) + 1) * z / sqrtN) - SpecialFunctions.NormalCdf(((4 * k) - 1) * z / sqrtN);
        }

        double sum2 = 0;
        for (var k = (int)((-ratio - 3) / 4); k <= (ratio - 1) / 4; k++)
        {
            sum2 += SpecialFunctions.NormalCdf(((4 * k) + 3) * z / sqrtN) - SpecialFunctions.NormalCdf(((4 * k) + 1) * z / sqrtN);
        }

        return 1 - sum1 + sum2;
    }

    /// <summary>φ(m) = Σ Cᵢ ln Cᵢ over the overlapping m-bit patterns of the sequence wrapped by m − 1 bits.</summary>
    private static double Phi(ReadOnlySpan<byte> bits, int m)
    {
        if (m == 0)
        {
            return 0;
        }

        var counts = PatternCounts(bits, m);
        double phi = 0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                var p = (double)c / bits.Length;
                phi += p * Math.Log(p);
            }
        }

        return phi;
    }

    private static double Psi2(ReadOnlySpan<byte> bits, int m)
    {
        if (m <= 0)
        {
            return 0;
        }

        var counts = PatternCounts(bits, m);
        double sum = 0;
        foreach (var c in counts)
        {
            sum += (double)c * c;
        }

        return (sum * Math.Pow(2, m) / bits.Length) - bits.Length;
    }

    private static long[] PatternCounts(ReadOnlySpan<byte> bits, int m)
    {
        var n = bits.Length;
        var counts = new long[1 << m];
        var mask = (1 << m) - 1;
        var pattern = 0;
        for (var i = 0; i < m - 1; i++)
        {
            pattern = ((pattern << 1) | bits[i]) & mask;
        }

        for (var i = 0; i < n; i++)
        {
            pattern = ((pattern << 1) | bits[(i + m - 1) % n]) & mask;
            counts[pattern]++;
        }

        return counts;
    }

    private static long Ones(ReadOnlySpan<byte> bits)
    {
        long ones = 0;
        foreach (var b in bits)
        {
            ones += b;
        }

        return ones;
    }

    private static void RequireBits(ReadOnlySpan<byte> bits, int minimum)
    {
        if (bits.Length < minimum)
        {
            throw new ArgumentException($"The test needs at least {minimum} bits, not {bits.Length}.", nameof(bits));
        }

        foreach (var b in bits)
        {
            if (b > 1)
            {
                throw new ArgumentException("A bit sequence holds only 0 and 1.", nameof(bits));
            }
        }
    }
}
