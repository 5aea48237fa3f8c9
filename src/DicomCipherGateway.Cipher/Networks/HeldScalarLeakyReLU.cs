using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// Leaky ReLU whose slope is a Scalar held for the module's life: TorchSharp's <c>LeakyReLU</c>
/// converts its double slope to a temporary Scalar on every call, which the finalizer can free
/// while libtorch still reads it.
/// </summary>
internal sealed class HeldScalarLeakyReLU : nn.Module<Tensor, Tensor>
{
    private readonly Scalar slope;

    public HeldScalarLeakyReLU(string name, double negativeSlope)
        : base(name)
    {
        slope = negativeSlope.ToScalar();
    }

    public override Tensor forward(Tensor input) => input.leaky_relu(slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            slope.Dispose();
        }

        base.Dispose(disposing);
    }
}
