using TorchSharp;

namespace DicomCipherGateway.Cipher.Torch;

/// <summary>
/// The constants of per-step and per-image tensor arithmetic as Scalars that live as long as the
/// process, so none is ever left to the finalizer.
/// </summary>
/// <remarks>
/// TorchSharp turns every <c>tensor * 0.5</c> or <c>clamp(0, 1)</c> into a temporary Scalar that is
/// unreachable once its handle has been read; a collection during the native call can then free it
/// while libtorch still reads it (docs/cipher.md, "Reproducible training"). Static fields are
/// never collected. Values that change per run or per step are created with <c>using</c> at the
/// call site instead, which keeps them reachable until after the last native call.
/// </remarks>
internal static class HeldScalars
{
    public static readonly Scalar MinusOne = (-1.0).ToScalar();
    public static readonly Scalar Zero = 0.0.ToScalar();
    public static readonly Scalar Half = 0.5.ToScalar();
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar Two = 2.0.ToScalar();

    /// <summary>The integer 1, for counters such as batch norm's <c>num_batches_tracked</c> (a long tensor).</summary>
    public static readonly Scalar OneInteger = 1L.ToScalar();
}
