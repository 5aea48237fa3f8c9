using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// The inference fast path of a trained G or F: each batch norm folded into the convolution
/// before it (eval-mode batch norm is a per-channel affine map, so this is exact up to rounding),
/// weights and activations in channels-last layout, optionally bfloat16, run under inference mode.
/// Same padding rules as <see cref="CipherNetwork"/>, so tiling stays exact.
/// </summary>
internal sealed class FoldedCipherNetwork : IDisposable
{
    private readonly List<Layer> layers = [];
    private readonly ScalarType dtype;

    public FoldedCipherNetwork(CipherNetwork network, InferencePrecision precision, bool channelsLast = true)
    {
        Architecture = network.Architecture;
        Precision = precision;
        dtype = precision == InferencePrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;
        ChannelsLast = channelsLast;
        var pairs = network.ConvNormPairs().ToList();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (conv, norm) = pairs[i];
            var transposed = conv is TorchSharp.Modules.ConvTranspose2d;
            var weight = conv.get_parameter("weight")!;
            using var zeroBias = torch.zeros(transposed ? weight.shape[1] : weight.shape[0], device: weight.device);
            var (w, b) = nn.utils.fuse_conv_bn_weights(weight, zeroBias, norm.running_mean!, norm.running_var!, norm.eps, norm.weight!, norm.bias!, transpose: transposed);
            var kind = i == 0 ? LayerKind.Input : transposed ? LayerKind.Up : i <= 2 ? LayerKind.Down : LayerKind.Residual;
            layers.Add(new Layer(kind, Prepare(w), Prepare(b, isBias: true), weight.shape[^1]));
            w.Dispose();
            b.Dispose();
        }

        var outConv = network.OutputConv;
        layers.Add(new Layer(LayerKind.Output, Prepare(outConv.weight!), Prepare(outConv.bias!, isBias: true), 7));
    }

    public DlednetArchitecture Architecture { get; }

    public InferencePrecision Precision { get; }

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
        var x = input.to(dtype);
        if (padBottom != 0 || padRight != 0)
        {
            x = nn.functional.pad(x, [0, padRight, 0, padBottom]);
        }

        x = Layout(x);
        var index = 0;
        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index++], x).relu_();
        for (var block = 0; block < Architecture.ResidualBlocks; block++)
        {
            var inner = Conv(layers[index++], x).relu_();
            x = x + Conv(layers[index++], inner);
        }

        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index++], x).relu_();
        x = Conv(layers[index], x).tanh_();
        x = x.to(ScalarType.Float32);
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
        }
    }

    private static Tensor Conv(Layer layer, Tensor x) => layer.Kind switch
    {
        LayerKind.Input or LayerKind.Output => nn.functional.conv2d(x, layer.Weight, layer.Bias, padding: [3, 3]),
        LayerKind.Down => nn.functional.conv2d(x, layer.Weight, layer.Bias, strides: [2, 2], padding: [1, 1]),
        LayerKind.Residual => nn.functional.conv2d(x, layer.Weight, layer.Bias, padding: [1, 1]),
        _ => nn.functional.conv_transpose2d(x, layer.Weight, layer.Bias, strides: [2, 2], padding: [1, 1], output_padding: [1, 1]),
    };

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

    private sealed record Layer(LayerKind Kind, Tensor Weight, Tensor Bias, long Kernel);
}
