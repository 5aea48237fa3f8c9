using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Analysis.Attacks;

/// <summary>
/// Adam for the attack networks, written against the TorchSharp memory rule: its constant Scalars
/// live as long as the optimiser and the per-step step size is created and disposed explicitly, so
/// the finalizer never frees a Scalar libtorch still reads (TorchSharp's own Adam makes implicit
/// ones per step). To be replaced by issue 9's Scalar-safe Adam once it is on main.
/// </summary>
internal sealed class AttackAdam : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] first;
    private readonly Tensor[] second;
    private readonly double learningRate;
    private readonly double beta1;
    private readonly double beta2;
    private readonly Scalar beta1Scalar;
    private readonly Scalar beta2Scalar;
    private readonly Scalar oneMinusBeta1;
    private readonly Scalar oneMinusBeta2;
    private readonly Scalar epsilon;
    private int step;

    public AttackAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999)
    {
        this.parameters = parameters.ToArray();
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        beta1Scalar = beta1.ToScalar();
        beta2Scalar = beta2.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        epsilon = 1e-8.ToScalar();
        first = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
        second = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>One update from the gradients in place, then clears them. Call inside the step's dispose scope.</summary>
    public void Step()
    {
        step++;
        var size = -learningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));
        using var stepSize = size.ToScalar();
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            first[i].mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            second[i].mul_(beta2Scalar).addcmul_(grad, grad, oneMinusBeta2);
            using var denominator = second[i].sqrt().add_(epsilon);
            parameters[i].addcdiv_(first[i], denominator, stepSize);
            grad.zero_();
        }
    }

    public void Dispose()
    {
        foreach (var t in first.Concat(second))
        {
            t.Dispose();
        }

        beta1Scalar.Dispose();
        beta2Scalar.Dispose();
        oneMinusBeta1.Dispose();
        oneMinusBeta2.Dispose();
        epsilon.Dispose();
    }
}
