using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// The encryption network G and the decryption network F (they share this shape, Table I):
/// 7×7 conv to 32, 3×3 stride-2 convs to 64 and 128, residual blocks, two stride-2
/// up-convolutions 128→64→32, 7×7 conv to the image channels, tanh.
/// </summary>
/// <remarks>
/// Batch norm, not instance norm: in eval mode it is a fixed per-channel affine map, so a tile
/// with a halo computes exactly what the whole image computes. Zero padding at every layer;
/// inputs whose sides are not multiples of <see cref="DlednetArchitecture.StrideProduct"/> are
/// zero-padded at the bottom and right and the output cropped back.
/// </remarks>
internal sealed class CipherNetwork : Module<Tensor, Tensor>
{
    private const int Width = 128;

    private readonly Conv2d inConv;
    private readonly HeldScalarBatchNorm2d inNorm;
    private readonly Conv2d down1;
    private readonly HeldScalarBatchNorm2d down1Norm;
    private readonly Conv2d down2;
    private readonly HeldScalarBatchNorm2d down2Norm;
    private readonly ModuleList<ResidualBlock> blocks;
    private readonly ConvTranspose2d up1;
    private readonly HeldScalarBatchNorm2d up1Norm;
    private readonly ConvTranspose2d up2;
    private readonly HeldScalarBatchNorm2d up2Norm;
    private readonly Conv2d outConv;

    public CipherNetwork(string name, DlednetArchitecture architecture)
        : base(name)
    {
        architecture.Validate();
        Architecture = architecture;
        var c = architecture.Channels;
        inConv = Conv2d(c, 32, 7, stride: 1, padding: 3, bias: false);
        inNorm = new HeldScalarBatchNorm2d(32);
        down1 = Conv2d(32, 64, 3, stride: 2, padding: 1, bias: false);
        down1Norm = new HeldScalarBatchNorm2d(64);
        down2 = Conv2d(64, Width, 3, stride: 2, padding: 1, bias: false);
        down2Norm = new HeldScalarBatchNorm2d(Width);
        blocks = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, architecture.ResidualBlocks).Select(i => new ResidualBlock($"res{i}", Width)).ToArray());
        up1 = ConvTranspose2d(Width, 64, 3, stride: 2, padding: 1, output_padding: 1, bias: false);
        up1Norm = new HeldScalarBatchNorm2d(64);
        up2 = ConvTranspose2d(64, 32, 3, stride: 2, padding: 1, output_padding: 1, bias: false);
        up2Norm = new HeldScalarBatchNorm2d(32);
        outConv = Conv2d(32, c, 7, stride: 1, padding: 3, bias: true);
        RegisterComponents();
    }

    public DlednetArchitecture Architecture { get; }

    /// <summary>Every convolution followed by its batch norm, in forward order (the last conv has none).</summary>
    internal IEnumerable<(Module<Tensor, Tensor> Conv, HeldScalarBatchNorm2d Norm)> ConvNormPairs()
    {
        yield return (inConv, inNorm);
        yield return (down1, down1Norm);
        yield return (down2, down2Norm);
        foreach (var block in blocks)
        {
            foreach (var (conv, norm) in block.ConvNormPairs())
            {
                yield return (conv, norm);
            }
        }

        yield return (up1, up1Norm);
        yield return (up2, up2Norm);
    }

    internal Conv2d OutputConv => outConv;

    /// <summary>The weight tensors of every convolution, the quantity Table I counts.</summary>
    internal IEnumerable<Parameter> ConvolutionWeights()
    {
        foreach (var (conv, _) in ConvNormPairs())
        {
            yield return conv.get_parameter("weight")!;
        }

        yield return outConv.weight!;
    }

    public override Tensor forward(Tensor input)
    {
        var height = input.shape[2];
        var width = input.shape[3];
        var padBottom = Pad(height);
        var padRight = Pad(width);
        if (padBottom == 0 && padRight == 0)
        {
            return ForwardAligned(input);
        }

        using var padded = functional.pad(input, [0, padRight, 0, padBottom]);
        using var output = ForwardAligned(padded);
        return output.narrow(2, 0, height).narrow(3, 0, width).contiguous();
    }

    private static long Pad(long size) =>
        (DlednetArchitecture.StrideProduct - (size % DlednetArchitecture.StrideProduct)) % DlednetArchitecture.StrideProduct;

    private Tensor ForwardAligned(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(inNorm.forward(inConv.forward(input)));
        x = functional.relu(down1Norm.forward(down1.forward(x)));
        x = functional.relu(down2Norm.forward(down2.forward(x)));
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }

        x = functional.relu(up1Norm.forward(up1.forward(x)));
        x = functional.relu(up2Norm.forward(up2.forward(x)));
        return torch.tanh(outConv.forward(x)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inConv.Dispose();
            inNorm.Dispose();
            down1.Dispose();
            down1Norm.Dispose();
            down2.Dispose();
            down2Norm.Dispose();
            blocks.Dispose();
            up1.Dispose();
            up1Norm.Dispose();
            up2.Dispose();
            up2Norm.Dispose();
            outConv.Dispose();
        }

        base.Dispose(disposing);
    }
}
