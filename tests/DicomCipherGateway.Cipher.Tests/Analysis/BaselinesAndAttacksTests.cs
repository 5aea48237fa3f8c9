using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Analysis;
using DicomCipherGateway.Cipher.Analysis.Attacks;
using DicomCipherGateway.Cipher.Analysis.Baselines;
using DicomCipherGateway.Cipher.Metrics;
using DicomCipherGateway.Cipher.Pixels;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Analysis;

/// <summary>The attack controls and baselines do what the report says they do.</summary>
public sealed class BaselinesAndAttacksTests
{
    private static byte[] Smooth(int seed, int side)
    {
        var image = SyntheticRadiographs.Normalised(seed, side);
        return GrayImage.From(image).Pixels;
    }

    [Fact]
    public void A_permutation_only_cipher_keeps_the_histogram_and_falls_to_a_few_known_pairs()
    {
        var cipher = new LogisticMapCipher(0.3123, 3.99, diffusion: false);
        var plain = Smooth(1, 64);
        var encrypted = cipher.Encrypt(plain);
        Assert.Equal(plain.Order(), encrypted.Order());
        Assert.Equal(encrypted, cipher.Encrypt(plain));

        var known = Enumerable.Range(2, 12).Select(s => Smooth(s, 64)).ToArray();
        var mapping = PermutationRecovery.Recover(known, known.Select(k => cipher.Encrypt(k)).ToArray());
        var recovered = PermutationRecovery.Apply(mapping, encrypted);
        Assert.True(ImageMetrics.Psnr(Unit(plain), Unit(recovered)) > 30);

        // One known pair is not enough: many positions share a value.
        var one = PermutationRecovery.Recover(known.Take(1).ToArray(), [cipher.Encrypt(known[0])]);
        Assert.True(ImageMetrics.Psnr(Unit(plain), Unit(PermutationRecovery.Apply(one, encrypted))) < 25);
    }

    [Fact]
    public void The_diffusing_chaotic_ciphers_look_random_to_the_statistics_and_resist_the_permutation_attack()
    {
        foreach (ChaoticImageCipher cipher in new ChaoticImageCipher[] { new LogisticMapCipher(0.3123, 3.99), new Lscm2DCipher(0.21, 0.57, 0.99) })
        {
            var plain = Smooth(1, 128);
            var encrypted = cipher.Encrypt(plain);
            Assert.True(HistogramUniformity.ChiSquare(encrypted) < 400, cipher.Name);
            Assert.True(Math.Abs(AdjacentCorrelation.Of(new GrayImage(128, 128, encrypted), Adjacency.Horizontal)) < 0.05, cipher.Name);
            var known = Enumerable.Range(2, 8).Select(s => Smooth(s, 128)).ToArray();
            var mapping = PermutationRecovery.Recover(known, known.Select(k => cipher.Encrypt(k)).ToArray());
            Assert.True(ImageMetrics.Psnr(Unit(plain), Unit(PermutationRecovery.Apply(mapping, encrypted))) < 15, cipher.Name);
        }
    }

    [Fact]
    public void Half_and_restore_keeps_flat_and_linear_images()
    {
        var flat = new FloatImage(20, 12, 1, Enumerable.Repeat(0.25f, 240).ToArray());
        Assert.All(FidelityStudy.HalfAndRestore(flat).Pixels, v => Assert.Equal(0.25f, v, 6));
        var ramp = new FloatImage(32, 8, 1, Enumerable.Range(0, 256).Select(i => (i % 32) / 31f).ToArray());
        var restored = FidelityStudy.HalfAndRestore(ramp);
        for (var x = 1; x < 31; x++)
        {
            Assert.Equal(ramp.Pixels[x], restored.Pixels[x], 5);
        }
    }

    [Fact]
    public void Gray_images_round_to_the_nearest_level()
    {
        var image = GrayImage.From(new FloatImage(4, 1, 1, [0f, 0.5f, 1f, 1.2f]));
        Assert.Equal([0, 128, 255, 255], image.Pixels);
        Assert.Equal(128 / 255f, image.ToUnit()[1], 6);
    }

    [Fact]
    public void The_attack_optimiser_minimises_a_quadratic()
    {
        TestTorchSetup.OneThread();
        using var weights = new TorchSharp.Modules.Parameter(torch.zeros(5));
        using var target = torch.tensor(new float[] { 1, -2, 3, 0.5f, -0.25f });
        using var adam = new DicomCipherGateway.Cipher.Training.HeldScalarAdam([weights], 0.05);
        for (var step = 0; step < 600; step++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ZeroGrad();
            var loss = (weights - target).square().sum();
            loss.backward();
            adam.Step();
        }

        var learned = weights.detach().data<float>().ToArray();
        var expected = target.data<float>().ToArray();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], learned[i], 2);
        }
    }

    private static float[] Unit(byte[] pixels) => pixels.Select(p => p / 255f).ToArray();
}
