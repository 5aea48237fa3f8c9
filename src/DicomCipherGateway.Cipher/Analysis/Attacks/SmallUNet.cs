using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DicomCipherGateway.Cipher.Analysis.Attacks;

/// <summary>
/// A small U-Net (two poolings, 16–32–64 channels, skip connections), the attacker's second
/// architecture: it sees the whole 4× neighbourhood at every scale, unlike F's plain encoder–decoder.
/// Output: tanh in [-1, 1] (an image) or raw logits (a mask). Sides must be multiples of 4.
/// </summary>
internal sealed class SmallUNet : Module<Tensor, Tensor>
{
    private readonly Conv2d e1a;
    private readonly Conv2d e1b;
    private readonly Conv2d e2a;
    private readonly Conv2d e2b;
    private readonly Conv2d ba;
    private readonly Conv2d bb;
    private readonly ConvTranspose2d up2;
    private readonly Conv2d d2a;
    private readonly Conv2d d2b;
    private readonly ConvTranspose2d up1;
    private readonly Conv2d d1a;
    private readonly Conv2d d1b;
    private readonly Conv2d output;
    private readonly bool logits;

    public SmallUNet(string name, bool logits)
        : base(name)
    {
        this.logits = logits;
        e1a = Conv2d(1, 16, 3, padding: 1);
        e1b = Conv2d(16, 16, 3, padding: 1);
        e2a = Conv2d(16, 32, 3, padding: 1);
        e2b = Conv2d(32, 32, 3, padding: 1);
        ba = Conv2d(32, 64, 3, padding: 1);
        bb = Conv2d(64, 64, 3, padding: 1);
        up2 = ConvTranspose2d(64, 32, 2, stride: 2);
        d2a = Conv2d(64, 32, 3, padding: 1);
        d2b = Conv2d(32, 32, 3, padding: 1);
        up1 = ConvTranspose2d(32, 16, 2, stride: 2);
        d1a = Conv2d(32, 16, 3, padding: 1);
        d1b = Conv2d(16, 16, 3, padding: 1);
        output = Conv2d(16, 1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var s1 = Block(e1a, e1b, input);
        var s2 = Block(e2a, e2b, functional.avg_pool2d(s1, 2));
        var bottom = Block(ba, bb, functional.avg_pool2d(s2, 2));
        var x = Block(d2a, d2b, torch.cat([up2.forward(bottom), s2], 1));
        x = Block(d1a, d1b, torch.cat([up1.forward(x), s1], 1));
        var y = output.forward(x);
        return (logits ? y : torch.tanh(y)).MoveToOuterDisposeScope();
    }

    private static Tensor Block(Conv2d a, Conv2d b, Tensor x) => functional.relu(b.forward(functional.relu(a.forward(x))));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var m in new Module[] { e1a, e1b, e2a, e2b, ba, bb, up2, d2a, d2b, up1, d1a, d1b, output })
            {
                m.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
