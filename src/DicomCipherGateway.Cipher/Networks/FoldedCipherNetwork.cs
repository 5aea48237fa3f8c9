using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// The inference fast path of a trained G or F: each batch norm folded into the convolution
/// before it (eval-mode batch norm is a per-channel affine map, so this is exact up to rounding),
/// weights and activations in channels-last layout, optionally bfloat16, run under inference mode,
/// and the two thin 7×7 convolutions at the ends rearranged so that oneDNN does not waste its
/// vectors on one channel (<see cref="FastPathFeatures"/>). Same padding rules as
/// <see cref="CipherNetwork"/>, so tiling stays exact.
/// </summary>
internal sealed class FoldedCipherNetwork : IDisposable
{
    private const int OutputKernel = 7;
    private const int OutputTaps = OutputKernel * OutputKernel;
    private const int OutputRadius = OutputKernel / 2;
    private const int PaddedInputChannels = 4;

    private readonly List<Layer> layers = [];
    private readonly ScalarType dtype;
    private readonly bool padInputChannels;
    private readonly bool tapOutput;
    private readonly Tensor outputTaps;
    private readonly Tensor outputBias;

    // In-place adds take an alpha Scalar; one held here for the module's life, because a temporary
    // Scalar made per call was seen freed while libtorch still read it (intermittent "toFloat" check
    // failure under load in add_).
    private readonly Scalar one = 1.ToScalar();

    public FoldedCipherNetwork(CipherNetwork network, InferencePrecision precision, FastPathFeatures features = FastPathFeatures.All)
    {
        Architecture = network.Architecture;
        Precision = precision;
        Features = features;
        dtype = precision == InferencePrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;
        ChannelsLast = features.HasFlag(FastPathFeatures.ChannelsLast);
        padInputChannels = features.HasFlag(FastPathFeatures.PaddedInputChannels) && precision == InferencePrecision.BFloat16
            && Architecture.Channels < PaddedInputChannels;
        tapOutput = features.HasFlag(FastPathFeatures.TapOutputConvolution);
        var pairs = network.ConvNormPairs().ToList();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (conv, norm) = pairs[i];
            var transposed = conv is TorchSharp.Modules.ConvTranspose2d;
            var weight = conv.get_parameter("weight")!;
            var (w, b) = Fold(weight, norm, transposed);
            var kind = i == 0 ? LayerKind.Input : transposed ? LayerKind.Up : i <= 2 ? LayerKind.Down : LayerKind.Residual;
            if (kind == LayerKind.Input && padInputChannels)
            {
                // Zero weights for the zero channels added to the input: the sum is unchanged.
                var padded = nn.functional.pad(w, [0, 0, 0, 0, 0, PaddedInputChannels - w.shape[1]]);
                w.Dispose();
                w = padded;
            }

            var winograd = kind == LayerKind.Residual && features.HasFlag(FastPathFeatures.WinogradResidual) && precision == InferencePrecision.Float32
                ? new WinogradConvolution(w, b)
                : null;
            layers.Add(new Layer(kind, Prepare(w), Prepare(b, isBias: true), winograd));
            w.Dispose();
            b.Dispose();
        }

        var outConv = network.OutputConv;
        using var outWeight = outConv.weight!.detach();
        var channels = outWeight.shape[0];
        var inputs = outWeight.shape[1];

        // Row (c, ky·7 + kx) of the tap matrix holds w[c, :, ky, kx]: one product gives every tap of every pixel.
        using var taps = outWeight.reshape(channels, inputs, OutputTaps).permute(0, 2, 1).reshape(channels * OutputTaps, inputs);
        outputTaps = taps.to(dtype).contiguous();
        outputBias = outConv.bias!.detach().to(ScalarType.Float32).reshape(1, channels, 1, 1).contiguous();
        layers.Add(new Layer(LayerKind.Output, Prepare(outWeight), Prepare(outConv.bias!, isBias: true), null));
    }

    public DlednetArchitecture Architecture { get; }

    public InferencePrecision Precision { get; }

    public FastPathFeatures Features { get; }

    public bool ChannelsLast { get; }

    /// <summary>Runs the network on an N×C×H×W float tensor in [-1, 1]; returns float32.</summary>
    public Tensor Forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var inference = torch.inference_mode();
        var height = input.shape[2];
        var width = input.shape[3];
        var padBottom = (DlednetArchitecture.StrideProduct - (height % DlednetArchitecture.StrideProduct)) % DlednetArchitecture.StrideProduct;
        var padRight = (DlednetArchitecture.StrideProduct - (width % DlednetArchitecture.StrideProduct)) % DlednetArchitecture.StrideProduct;
        var extraChannels = padInputChannels ? PaddedInputChannels - input.shape[1] : 0;
        var x = input.to(dtype);
        if (padBottom != 0 || padRight != 0 || extraChannels != 0)
        {
            x = nn.functional.pad(x, [0, padRight, 0, padBottom, 0, extraChannels]);
        }

        x = Layout(x);
        var index = 0;
        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index++], x).relu_();
        for (var block = 0; block < Architecture.ResidualBlocks; block++)
        {
            var inner = Conv(layers[index++], x).relu_();
            x = Conv(layers[index++], inner).add_(x, one);
        }

        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index++], x).relu_();
        x = tapOutput ? TapOutput(x) : Conv(layers[index], x).to(ScalarType.Float32);
        x = x.tanh_();
        if (padBottom != 0 || padRight != 0)
        {
            x = x.narrow(2, 0, height).narrow(3, 0, width);
        }

        return x.contiguous().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var layer in layers)
        {
            layer.Weight.Dispose();
            layer.Bias.Dispose();
            layer.Winograd?.Dispose();
        }

        outputTaps.Dispose();
        outputBias.Dispose();
        one.Dispose();
    }

    /// <summary>
    /// The convolution weight and bias that equal the convolution (no bias) followed by eval-mode
    /// batch norm; TorchSharp's <c>fuse_conv_bn_weights</c> computes the same, in the same order,
    /// but adds ε through an implicitly converted Scalar the finalizer may free mid-call.
    /// </summary>
    private static (Tensor Weight, Tensor Bias) Fold(Tensor weight, HeldScalarBatchNorm2d norm, bool transposed)
    {
        using var scope = NewDisposeScope();
        using var epsilon = norm.eps.ToScalar();
        var inverseStd = norm.running_var!.Plus(epsilon).rsqrt();
        long[] shape = transposed ? [1, -1, 1, 1] : [-1, 1, 1, 1];
        var folded = weight.mul(norm.weight!.mul(inverseStd).reshape(shape));
        var bias = norm.running_mean!.neg().mul_(inverseStd).mul_(norm.weight!).PlusInPlace(norm.bias!);
        return (folded.detach().MoveToOuterDisposeScope(), bias.detach().MoveToOuterDisposeScope());
    }

    private static Tensor Conv(Layer layer, Tensor x) => layer.Winograd is { } winograd ? winograd.Forward(x) : layer.Kind switch
    {
        LayerKind.Input or LayerKind.Output => nn.functional.conv2d(x, layer.Weight, layer.Bias, padding: [OutputRadius, OutputRadius]),
        LayerKind.Down => nn.functional.conv2d(x, layer.Weight, layer.Bias, strides: [2, 2], padding: [1, 1]),
        LayerKind.Residual => nn.functional.conv2d(x, layer.Weight, layer.Bias, padding: [1, 1]),
        _ => nn.functional.conv_transpose2d(x, layer.Weight, layer.Bias, strides: [2, 2], padding: [1, 1], output_padding: [1, 1]),
    };

    /// <summary>
    /// The 7×7 output convolution (zero padding 3, bias; before tanh) in fp32: z = taps · x gives,
    /// for every pixel, its contribution through each tap; output(y, x) is the sum over taps
    /// (ky, kx) of z_tap(y + ky − 3, x + kx − 3), the part outside the image being the zero padding.
    /// One image at a time, so the 49 tap planes stay small (25–50 MB at 512×512).
    /// </summary>
    private Tensor TapOutput(Tensor x)
    {
        var batch = x.shape[0];
        var inputs = x.shape[1];
        var height = x.shape[2];
        var width = x.shape[3];
        var channels = Architecture.Channels;
        var output = torch.zeros([batch, channels, height, width], ScalarType.Float32, x.device);
        for (var n = 0; n < batch; n++)
        {
            using var scope = NewDisposeScope();

            // Channels-last memory is (H·W)×32 row-major already: this reshape is a view.
            var pixels = x[n].permute(1, 2, 0).reshape(height * width, inputs);
            var z = torch.matmul(outputTaps, pixels.t()).reshape(channels, OutputTaps, height, width);
            var target = output[n];
            for (var tap = 0; tap < OutputTaps; tap++)
            {
                var dy = (tap / OutputKernel) - OutputRadius;
                var dx = (tap % OutputKernel) - OutputRadius;
                var rows = height - Math.Abs(dy);
                var columns = width - Math.Abs(dx);
                if (rows <= 0 || columns <= 0)
                {
                    continue;
                }

                var source = z.select(1, tap).narrow(1, Math.Max(0, dy), rows).narrow(2, Math.Max(0, dx), columns);
                target.narrow(1, Math.Max(0, -dy), rows).narrow(2, Math.Max(0, -dx), columns).add_(source, one);
            }
        }

        return output.add_(outputBias, one);
    }

    private Tensor Prepare(Tensor t, bool isBias = false)
    {
        var converted = t.detach().to(dtype);
        if (isBias || !ChannelsLast)
        {
            return converted.contiguous();
        }

        // TorchSharp 0.107 has no memory_format argument: permuting to NHWC, making that
        // contiguous and permuting back yields NCHW-shaped tensors with channels-last strides.
        using var nhwc = converted.permute(0, 2, 3, 1).contiguous();
        converted.Dispose();
        return nhwc.permute(0, 3, 1, 2);
    }

    private Tensor Layout(Tensor x) => ChannelsLast ? x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : x.contiguous();

    private enum LayerKind
    {
        Input,
        Down,
        Residual,
        Up,
        Output,
    }

    private sealed record Layer(LayerKind Kind, Tensor Weight, Tensor Bias, WinogradConvolution? Winograd);
}
