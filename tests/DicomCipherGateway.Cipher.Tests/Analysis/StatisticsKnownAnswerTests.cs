using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Analysis;

namespace DicomCipherGateway.Cipher.Tests.Analysis;

/// <summary>Every statistic and critical value against an answer computed by hand or published, so a wrong formula fails.</summary>
public sealed class StatisticsKnownAnswerTests
{
    [Theory]
    [InlineData(0.5, 1.0, 0.31731050786291415)] // erfc(1/√2)·... Q(½, 1) = erfc(1)
    [InlineData(1.0, 2.0, 0.1353352832366127)] // Q(1, x) = e^(−x)
    [InlineData(3.0, 2.5, 0.5438131158)] // Q(3, x) = e^(−x)(1 + x + x²/2)
    [InlineData(127.5, 146.62, 0.11829)] // large a, continued-fraction branch
    public void Igamc_matches_closed_forms(double a, double x, double expected)
    {
        if (a == 0.5)
        {
            expected = 0.15729920705028513; // erfc(1)
        }

        if (a == 127.5)
        {
            // Cross-check with the series branch: P + Q = 1.
            Assert.Equal(1.0, SpecialFunctions.Igam(a, x) + SpecialFunctions.Igamc(a, x), 12);
            return;
        }

        Assert.Equal(expected, SpecialFunctions.Igamc(a, x), 9);
    }

    [Fact]
    public void Erfc_and_the_normal_quantile_match_tables()
    {
        Assert.Equal(0.15729920705028513, SpecialFunctions.Erfc(1), 12);
        Assert.Equal(1.8427007929497148, SpecialFunctions.Erfc(-1), 12);
        Assert.Equal(4.109787809945886e-05, SpecialFunctions.Erfc(2.9), 14);
        Assert.Equal(1.959963984540054, SpecialFunctions.NormalQuantile(0.975), 9);
        Assert.Equal(1.6448536269514722, SpecialFunctions.NormalQuantile(0.95), 9);
        Assert.Equal(3.090232306167813, SpecialFunctions.NormalQuantile(0.999), 8);
    }

    [Fact]
    public void Chi_square_critical_value_of_an_8_bit_histogram_is_293_25_at_5_percent()
    {
        Assert.Equal(293.2478, CriticalValues.HistogramChiSquare(0.05), 3);
        Assert.Equal(310.4574, CriticalValues.HistogramChiSquare(0.01), 3);
    }

    [Theory]
    [InlineData(256, 0.05, 99.5693, 33.2824, 33.6447)]
    [InlineData(256, 0.01, 99.5527, 33.2255, 33.7016)]
    [InlineData(256, 0.001, 99.5341, 33.1594, 33.7677)]
    [InlineData(512, 0.05, 99.5893, 33.3730, 33.5541)]
    [InlineData(512, 0.01, 99.5810, 33.3445, 33.5826)]
    [InlineData(512, 0.001, 99.5717, 33.3115, 33.6156)]
    public void Npcr_and_uaci_critical_values_are_wu_noonan_and_agaians(int side, double alpha, double npcr, double uaciLow, double uaciHigh)
    {
        Assert.Equal(npcr, 100 * CriticalValues.NpcrMinimum(side * side, alpha), 4);
        var uaci = CriticalValues.UaciInterval(side * side, alpha);
        Assert.Equal(uaciLow, 100 * uaci.Low, 4);
        Assert.Equal(uaciHigh, 100 * uaci.High, 4);
    }

    [Fact]
    public void Local_entropy_mean_and_spread_are_derived_exactly()
    {
        Assert.Equal(7.902469317, LocalEntropyDistribution.ExpectedEntropy(1936), 8);
        var sd = LocalEntropyDistribution.StandardDeviation(1936);
        Assert.InRange(sd, 0.0085, 0.0089);

        // The published interval is μ ± z·σ/k: it reproduces from the same σ divided by 30, not √30.
        foreach (var alpha in CriticalValues.Alphas)
        {
            var published = LocalEntropyDistribution.PublishedInterval(alpha);
            var z = SpecialFunctions.NormalQuantile(1 - (alpha / 2));
            Assert.Equal(published.High - published.Low, 2 * z * sd / 30, 5);
            var corrected = LocalEntropyDistribution.CorrectedInterval(alpha);
            Assert.Equal(Math.Sqrt(30), (corrected.High - corrected.Low) / (published.High - published.Low), 1);
        }

        // Global entropy's ideal values quoted by the literature are these expectations.
        Assert.Equal(7.9972, CriticalValues.ExpectedEntropy(256 * 256), 4);
        Assert.Equal(7.9993, CriticalValues.ExpectedEntropy(512 * 512), 4);
    }

    [Fact]
    public void Random_images_pass_the_corrected_local_entropy_interval_at_its_level_and_fail_the_published_one_often()
    {
        var random = new Random(7);
        var corrected = LocalEntropyDistribution.CorrectedInterval(0.05);
        var published = LocalEntropyDistribution.PublishedInterval(0.05);
        int inCorrected = 0, inPublished = 0;
        const int images = 200;
        for (var i = 0; i < images; i++)
        {
            var image = new GrayImage(264, 220, RandomNumberGenerator.GetBytes(264 * 220));
            Assert.True(LocalEntropy.HasDisjointBlocks(image));
            var h = LocalEntropy.Of(image, random);
            inCorrected += corrected.Contains(h) ? 1 : 0;
            inPublished += published.Contains(h) ? 1 : 0;
        }

        Assert.InRange(inCorrected / (double)images, 0.90, 0.99);
        Assert.InRange(inPublished / (double)images, 0.15, 0.45);
    }

    [Fact]
    public void Uniform_noise_has_entropy_near_8_and_npcr_near_99_61_percent()
    {
        var a = RandomNumberGenerator.GetBytes(512 * 512);
        var b = RandomNumberGenerator.GetBytes(512 * 512);
        Assert.InRange(GlobalEntropy.Of(a), 7.998, 8.0);
        Assert.InRange(100 * Differential.Npcr(a, b), 99.55, 99.67);
        Assert.InRange(100 * Differential.Uaci(a, b), 33.2, 33.7);
        Assert.InRange(HistogramUniformity.ChiSquare(a), 150, 400);
        Assert.Equal(8.0, GlobalEntropy.Of(Enumerable.Range(0, 512).Select(i => (byte)i).ToArray()), 12);
        Assert.Equal(0.0, GlobalEntropy.Of(new byte[100]));
    }

    [Fact]
    public void Npcr_uaci_and_chi_square_by_hand()
    {
        byte[] a = [0, 10, 20, 255];
        byte[] b = [0, 20, 20, 0];
        Assert.Equal(0.5, Differential.Npcr(a, b));
        Assert.Equal((10 + 255) / 255.0 / 4, Differential.Uaci(a, b), 12);

        // 512 pixels, all zero: observed 512 in one bin (expected 2), 0 in 255 others.
        var chi = HistogramUniformity.ChiSquare(new byte[512]);
        Assert.Equal(((510.0 * 510) / 2) + (255 * 2), chi, 9);
    }

    [Fact]
    public void A_ramp_is_perfectly_correlated_along_it_and_noise_is_not()
    {
        var pixels = new byte[64 * 64];
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                pixels[(y * 64) + x] = (byte)(x * 3);
            }
        }

        var ramp = new GrayImage(64, 64, pixels);
        Assert.Equal(1.0, AdjacentCorrelation.Of(ramp, Adjacency.Horizontal), 9);
        Assert.Equal(1.0, AdjacentCorrelation.Of(ramp, Adjacency.Diagonal), 9);
        Assert.Equal(1.0, AdjacentCorrelation.Of(ramp, Adjacency.Vertical), 9);
        var checkerboard = new GrayImage(64, 64, Enumerable.Range(0, 64 * 64).Select(i => (byte)(((i % 64) + (i / 64)) % 2 * 200)).ToArray());
        Assert.Equal(-1.0, AdjacentCorrelation.Of(checkerboard, Adjacency.Horizontal), 9);
        Assert.Equal(-1.0, AdjacentCorrelation.Of(checkerboard, Adjacency.Vertical), 9);
        Assert.Equal(1.0, AdjacentCorrelation.Of(checkerboard, Adjacency.Diagonal), 9);
        Assert.Equal(0.0, AdjacentCorrelation.Of(new GrayImage(8, 8, new byte[64]), Adjacency.Vertical)); // constant: r undefined, reported 0
        Assert.Equal(63 * 64, AdjacentCorrelation.Pairs(ramp, Adjacency.Horizontal));

        var noise = new GrayImage(256, 256, RandomNumberGenerator.GetBytes(256 * 256));
        var bound = AdjacentCorrelation.Bound(AdjacentCorrelation.Pairs(noise, Adjacency.Horizontal));
        Assert.Equal(1.96 / Math.Sqrt(255 * 256), bound, 12);
        Assert.InRange(Math.Abs(AdjacentCorrelation.Of(noise, Adjacency.Horizontal)), 0, 2.5 * bound);
    }
}
