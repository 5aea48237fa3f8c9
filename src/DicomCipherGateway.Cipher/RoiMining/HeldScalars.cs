using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// Scalars that live for the whole process, for the per-step and per-image arithmetic of ROI mining:
/// an implicit double→Scalar temporary can be finalized while libtorch still reads it
/// (TORCHSHARP-GC.md); a static one never is.
/// </summary>
internal static class HeldScalars
{
    public static readonly Scalar One = 1.0.ToScalar();

    public static readonly Scalar MinusOne = (-1.0).ToScalar();

    public static readonly Scalar Two = 2.0.ToScalar();

    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>Smoothing term of the soft Dice loss.</summary>
    public static readonly Scalar DiceSmoothing = 1.0.ToScalar();
}
