using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Torch;

/// <summary>
/// Additions with a held alpha. TorchSharp's <c>a + b</c>, <c>add(b)</c>, <c>add_(b)</c> and
/// <c>add(scalar)</c> all pass an implicitly converted <c>alpha = 1</c> to libtorch, a temporary
/// Scalar the finalizer can free mid-call (seen as "toFloat" failures in <c>add</c> under a
/// GC-stress thread). Use these in every per-step and per-image path instead.
/// </summary>
internal static class HeldScalarArithmetic
{
    /// <summary><paramref name="a"/> + <paramref name="b"/> (floating-point tensors).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, HeldScalars.One);

    /// <summary><paramref name="a"/> += <paramref name="b"/> (floating-point tensors); returns <paramref name="a"/>.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, HeldScalars.One);

    /// <summary><paramref name="a"/> + <paramref name="value"/> (floating-point tensors).</summary>
    public static Tensor Plus(this Tensor a, Scalar value) => a.add(value, HeldScalars.One);

    /// <summary><paramref name="a"/> += <paramref name="value"/> (floating-point tensors); returns <paramref name="a"/>.</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar value) => a.add_(value, HeldScalars.One);
}
