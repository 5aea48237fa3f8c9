using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// D of §III.A.2: an initial convolution, two strided convolution blocks, a feature block and a
/// 3×3 output convolution, LReLU 0.2 and batch norm; it scores overlapping patches (logits), so
/// it judges local texture (is this patch like the hidden-factor domain?) at any crop size.
/// </summary>
internal sealed class PatchDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public PatchDiscriminator(string name, int channels, int width = 64)
        : base(name)
    {
        layers = Sequential(
            ("in", Conv2d(channels, width, 3, stride: 1, padding: 1)),
            ("in_act", new HeldScalarLeakyReLU("in_act", 0.2)),
            ("down1", Conv2d(width, width * 2, 3, stride: 2, padding: 1, bias: false)),
            ("down1_norm", new HeldScalarBatchNorm2d(width * 2)),
            ("down1_act", new HeldScalarLeakyReLU("down1_act", 0.2)),
            ("down2", Conv2d(width * 2, width * 4, 3, stride: 2, padding: 1, bias: false)),
            ("down2_norm", new HeldScalarBatchNorm2d(width * 4)),
            ("down2_act", new HeldScalarLeakyReLU("down2_act", 0.2)),
            ("feature", Conv2d(width * 4, width * 4, 3, stride: 1, padding: 1, bias: false)),
            ("feature_norm", new HeldScalarBatchNorm2d(width * 4)),
            ("feature_act", new HeldScalarLeakyReLU("feature_act", 0.2)),
            ("out", Conv2d(width * 4, 1, 3, stride: 1, padding: 1)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
