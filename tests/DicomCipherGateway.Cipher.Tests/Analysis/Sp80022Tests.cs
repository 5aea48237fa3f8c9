using System.Numerics;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Analysis;

namespace DicomCipherGateway.Cipher.Tests.Analysis;

/// <summary>The SP 800-22 rev. 1a worked examples (section 2.x.4 and 2.x.8), with their published P-values.</summary>
public sealed class Sp80022Tests
{
    private const string LongestRunExample =
        "11001100000101010110110001001100111000000000001001001101010100010001001111010110100000001101011111001100111001101101100010110010";

    // The 100-bit sequence of the section 2.x.8 examples (examples 2.1.8, 2.3.8, 2.12.8, 2.13.8).
    private const string E100 =
        "1100100100001111110110101010001000100001011010001100001000110100110001001100011001100010100010111000";

    private static byte[] Bits(string text) => text.Select(c => (byte)(c - '0')).ToArray();

    [Fact]
    public void Frequency_examples() 
    {
        Assert.Equal(0.527089, Sp80022.Frequency(Bits("1011010101")), 6);
        Assert.Equal(0.109599, Sp80022.Frequency(Bits(E100)), 6);
    }

    [Fact]
    public void Block_frequency_examples()
    {
        Assert.Equal(0.801252, Sp80022.BlockFrequency(Bits("0110011010"), 3), 6);
        Assert.Equal(0.706438, Sp80022.BlockFrequency(Bits(E100), 10), 6);
    }

    [Fact]
    public void Runs_examples()
    {
        Assert.Equal(0.147232, Sp80022.Runs(Bits("1001101011")), 6);
        Assert.Equal(0.500798, Sp80022.Runs(Bits(E100)), 6);
    }

    [Fact]
    public void Longest_run_example()
    {
        // The publication prints χ² = 4.882605 and P = 0.180609; Q(1.5, 4.882605/2) is 0.180598 exactly
        // (= erfc(√x) + 2√(x/π)e^(−x)), so the printed P carries a rounding error of 1.1e-5.
        var p = Sp80022.LongestRunOfOnes(Bits(LongestRunExample));
        Assert.Equal(0.180598, p, 6);
        Assert.Equal(0.180609, p, 4);
    }

    [Fact]
    public void Dft_examples()
    {
        // The publication's DFT examples (2.6.4: N₁ = 4, P = 0.029523; 2.6.8: N₁ = 46, P = 0.168669) do
        // not reproduce: a direct O(n²) DFT of those sequences (checked independently) puts 5 of the 5
        // and 48 of the 50 moduli under T, as the reference code's counting would. The expected values
        // are those counts pushed through the publication's formulas.
        Assert.Equal(0.468160, Sp80022.DiscreteFourierTransform(Bits("1001010011")), 6);
        Assert.Equal(0.646355, Sp80022.DiscreteFourierTransform(Bits(E100)), 6);
    }

    [Fact]
    public void Approximate_entropy_examples()
    {
        Assert.Equal(0.261961, Sp80022.ApproximateEntropy(Bits("0100110101"), 3), 6);
        Assert.Equal(0.235301, Sp80022.ApproximateEntropy(Bits(E100), 2), 6);
    }

    [Fact]
    public void Serial_example()
    {
        var (p1, p2) = Sp80022.Serial(Bits("0011011101"), 3);
        Assert.Equal(0.808792, p1, 6);
        Assert.Equal(0.670320, p2, 6);
    }

    [Fact]
    public void Cumulative_sums_examples()
    {
        Assert.Equal(0.4116588, Sp80022.CumulativeSums(Bits("1011010111"), backward: false), 6);
        Assert.Equal(0.219194, Sp80022.CumulativeSums(Bits(E100), backward: false), 6);
    }

    [Fact]
    public void Bluestein_dft_equals_the_definition()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 37).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        var fast = Fourier.Transform(x);
        for (var k = 0; k < x.Length; k++)
        {
            Complex direct = 0;
            for (var j = 0; j < x.Length; j++)
            {
                direct += x[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * j * k / x.Length);
            }

            Assert.Equal(direct.Real, fast[k].Real, 9);
            Assert.Equal(direct.Imaginary, fast[k].Imaginary, 9);
        }
    }

    [Fact]
    public void Proportion_and_uniformity_criteria()
    {
        Assert.Equal(0.960150, NistSuite.MinimumProportion(100), 6);
        Assert.Equal(0.980561, NistSuite.MinimumProportion(1000), 6);

        // P-values spread evenly over the ten bins are uniform (χ² = 0, P = 1); all in one bin are not.
        Assert.Equal(1.0, NistSuite.Uniformity(Enumerable.Range(0, 100).Select(i => (i + 0.5) / 100).ToArray()), 9);
        Assert.True(NistSuite.Uniformity(Enumerable.Repeat(0.05, 100).ToArray()) < 1e-10);
    }

    [Fact]
    public void The_suite_passes_os_random_bits_and_fails_a_biased_source()
    {
        var random = Enumerable.Range(0, 12).Select(_ => NistSuite.ToBits(RandomNumberGenerator.GetBytes(4096))).ToArray();
        Assert.All(NistSuite.Run(random), r => Assert.True(r.ProportionPasses, $"{r.Test}: {r.Proportion}"));

        // Every fifth byte zero: frequency fails everywhere.
        var biased = random.Select(bits => bits.Select((b, i) => i / 8 % 5 == 0 ? (byte)0 : b).ToArray()).ToArray();
        var frequency = NistSuite.Run(biased).Single(r => r.Test == "Frequency");
        Assert.False(frequency.ProportionPasses);
        Assert.Equal([1, 1, 0, 1, 0, 0, 0, 0], NistSuite.ToBits([0b1101_0000]));
    }
}
