using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>Two 3×3 128→128 convolutions with batch norm and a skip connection (Table I).</summary>
internal sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly HeldScalarBatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly HeldScalarBatchNorm2d norm2;

    public ResidualBlock(string name, int width)
        : base(name)
    {
        conv1 = Conv2d(width, width, 3, stride: 1, padding: 1, bias: false);
        norm1 = new HeldScalarBatchNorm2d(width);
        conv2 = Conv2d(width, width, 3, stride: 1, padding: 1, bias: false);
        norm2 = new HeldScalarBatchNorm2d(width);
        RegisterComponents();
    }

    internal IEnumerable<(Conv2d Conv, HeldScalarBatchNorm2d Norm)> ConvNormPairs()
    {
        yield return (conv1, norm1);
        yield return (conv2, norm2);
    }

    public override Tensor forward(Tensor input)
    {
        using var a = conv1.forward(input);
        using var b = norm1.forward(a);
        using var c = functional.relu(b);
        using var d = conv2.forward(c);
        using var e = norm2.forward(d);
        return input.Plus(e);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            norm1.Dispose();
            conv2.Dispose();
            norm2.Dispose();
        }

        base.Dispose(disposing);
    }
}
