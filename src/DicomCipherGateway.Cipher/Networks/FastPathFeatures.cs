namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// The optimisations of <see cref="FoldedCipherNetwork"/> beyond folding the batch norms, one flag
/// per step so that the benchmark can report what each one buys (docs/benchmarks.md).
/// </summary>
[Flags]
internal enum FastPathFeatures
{
    /// <summary>Folded batch norm only: NCHW layout, every layer a libtorch convolution.</summary>
    None = 0,

    /// <summary>Weights and activations channels-last, the layout oneDNN's direct convolutions want.</summary>
    ChannelsLast = 1,

    /// <summary>
    /// The 7×7 output convolution (32 → 1 or 3 channels) as one matrix product to its 49 taps per
    /// channel plus 49 shifted fp32 additions: oneDNN pads the output channels to a full vector and
    /// spends 16 times the arithmetic (about a tenth of the whole network).
    /// </summary>
    TapOutputConvolution = 2,

    /// <summary>
    /// In bf16, the 7×7 input convolution reads the image padded with zero channels to 4: with one
    /// channel oneDNN picks a kernel that writes NCHW, which then costs a layout conversion before the
    /// next layer. In fp32 the padded convolution is slower than the conversion, so this flag has no
    /// effect there.
    /// </summary>
    PaddedInputChannels = 4,

    /// <summary>Every exact step: the default.</summary>
    All = ChannelsLast | TapOutputConvolution | PaddedInputChannels,

    /// <summary>
    /// Opt-in, fp32 only: the residual 3×3 convolutions as Winograd F(4×4, 3×3)
    /// (<see cref="WinogradConvolution"/>), about a third faster, with a rounding error several
    /// times that of the direct convolution (still far below bf16's). Not in <see cref="All"/>:
    /// the default keeps tiled and whole-image results equal to 1e-5.
    /// </summary>
    WinogradResidual = 8,
}
