using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>The loss terms of key generation that are not stock torch losses.</summary>
/// <remarks>Every constant is a held Scalar (<see cref="HeldScalars"/>): these run every step.</remarks>
internal static class CipherLosses
{
    private static readonly Scalar SsimC1 = 1e-4.ToScalar();
    private static readonly Scalar SsimC2 = 9e-4.ToScalar();
    private static readonly Scalar CorrelationEpsilon = 1e-8.ToScalar();

    /// <summary>
    /// Quantises like storage in the forward pass and passes gradients straight through, so F is
    /// trained on exactly the integers the PACS keeps while G still receives F's gradient.
    /// </summary>
    public static Tensor StraightThroughQuantise(Tensor x, int bits)
    {
        using var scope = NewDisposeScope();
        var q = Pixels.TensorImages.Quantise(x, bits);
        var result = x.Plus((q - x).detach());
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean squared per-image Pearson correlation between G(x) and x, at full resolution and after
    /// 8× average pooling (the anatomy survives longest at low frequencies).
    /// </summary>
    public static Tensor CorrelationPenalty(Tensor cipher, Tensor plain)
    {
        using var scope = NewDisposeScope();
        var full = SquaredCorrelation(cipher, plain);
        var pool = Math.Max(1, Math.Min(8, (int)plain.shape[2] / 4));
        var coarse = SquaredCorrelation(
            nn.functional.avg_pool2d(cipher, pool, pool),
            nn.functional.avg_pool2d(plain, pool, pool));
        return full.Plus(coarse).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Mean squared local SSIM of G(x) with x (7-pixel uniform windows, both mapped to [0, 1]):
    /// where both are locally flat SSIM is near 1 whatever the correlation, so a view with smooth
    /// patches over the plaintext's background scores high although it is uncorrelated.
    /// </summary>
    public static Tensor SsimPenalty(Tensor cipher, Tensor plain)
    {
        using var scope = NewDisposeScope();
        var a = cipher.Plus(HeldScalars.One).mul_(HeldScalars.Half);
        var b = plain.Plus(HeldScalars.One).mul_(HeldScalars.Half);
        const int window = 7;
        var ma = nn.functional.avg_pool2d(a, window, 2);
        var mb = nn.functional.avg_pool2d(b, window, 2);
        var va = nn.functional.avg_pool2d(a * a, window, 2) - (ma * ma);
        var vb = nn.functional.avg_pool2d(b * b, window, 2) - (mb * mb);
        var cov = nn.functional.avg_pool2d(a * b, window, 2) - (ma * mb);
        var numerator = (ma * mb).mul_(HeldScalars.Two).PlusInPlace(SsimC1) * cov.mul(HeldScalars.Two).PlusInPlace(SsimC2);
        var denominator = (ma * ma).PlusInPlace(mb * mb).PlusInPlace(SsimC1) * va.Plus(vb).PlusInPlace(SsimC2);
        var map = numerator / denominator;
        return (map * map).mean().MoveToOuterDisposeScope();
    }

    private static Tensor SquaredCorrelation(Tensor a, Tensor b)
    {
        var n = a.shape[0];
        var fa = a.reshape(n, -1);
        var fb = b.reshape(n, -1);
        fa = fa - fa.mean([1], keepdim: true);
        fb = fb - fb.mean([1], keepdim: true);
        var cov = (fa * fb).sum(1);
        var norm = ((fa * fa).sum(1) * (fb * fb).sum(1)).PlusInPlace(CorrelationEpsilon).sqrt();
        var corr = cov / norm;
        return (corr * corr).mean();
    }
}
