using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// Adam (Kingma and Ba) whose every Scalar is created explicitly and disposed only after the last
/// native call that reads it. TorchSharp's Adam converts doubles to Scalars implicitly on every
/// step, and the finalizer can free those while libtorch reads them (TORCHSHARP-GC.md).
/// </summary>
internal sealed class ScalarSafeAdam : IStepOptimizer
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] firstMoments;
    private readonly Tensor[] secondMoments;
    private readonly double beta1;
    private readonly double beta2;
    private readonly Scalar beta1Scalar;
    private readonly Scalar oneMinusBeta1;
    private readonly Scalar beta2Scalar;
    private readonly Scalar oneMinusBeta2;
    private readonly Scalar epsilon;
    private long steps;

    public ScalarSafeAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.parameters = parameters.Where(p => p.requires_grad).ToArray();
        firstMoments = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
        secondMoments = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
        LearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        beta1Scalar = beta1.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        beta2Scalar = beta2.ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        this.epsilon = epsilon.ToScalar();
    }

    public double LearningRate { get; set; }

    /// <summary>Steps taken (bias correction).</summary>
    public long Steps => steps;

    public void ZeroGrad()
    {
        foreach (var p in parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        steps++;
        var correction1 = 1 - Math.Pow(beta1, steps);
        var correction2 = 1 - Math.Pow(beta2, steps);
        using var stepSize = (-LearningRate / correction1).ToScalar();
        using var sqrtCorrection2 = Math.Sqrt(correction2).ToScalar();
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            firstMoments[i].mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            secondMoments[i].mul_(beta2Scalar).addcmul_(grad, grad, oneMinusBeta2);
            var denominator = secondMoments[i].sqrt().div_(sqrtCorrection2).add_(epsilon);
            parameters[i].addcdiv_(firstMoments[i], denominator, stepSize);
        }

        GC.KeepAlive(stepSize);
        GC.KeepAlive(sqrtCorrection2);
    }

    /// <summary>The moments, for a checkpoint: [m0, v0, m1, v1, ...].</summary>
    public IEnumerable<Tensor> State()
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            yield return firstMoments[i];
            yield return secondMoments[i];
        }
    }

    /// <summary>Restores the step count and moments saved from <see cref="State"/>.</summary>
    public void Restore(long stepCount, IReadOnlyList<Tensor> state)
    {
        if (state.Count != 2 * parameters.Length)
        {
            throw new InvalidDataException($"The optimiser state holds {state.Count} tensors; this network needs {2 * parameters.Length}.");
        }

        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Length; i++)
        {
            firstMoments[i].copy_(state[2 * i]);
            secondMoments[i].copy_(state[(2 * i) + 1]);
        }

        steps = stepCount;
    }

    public void Dispose()
    {
        foreach (var t in firstMoments.Concat(secondMoments))
        {
            t.Dispose();
        }

        beta1Scalar.Dispose();
        oneMinusBeta1.Dispose();
        beta2Scalar.Dispose();
        oneMinusBeta2.Dispose();
        epsilon.Dispose();
    }
}
