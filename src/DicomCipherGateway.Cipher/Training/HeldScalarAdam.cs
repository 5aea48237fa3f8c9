using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Adam (Kingma &amp; Ba; PyTorch's update without weight decay or AMSGrad) whose constants are
/// Scalars held for the optimizer's life and whose per-step Scalars are kept alive until after the
/// last native call. TorchSharp's own <c>Adam.step</c> converts β1, 1−β1, β2, 1−β2, ε and the step
/// size implicitly on every call, and those temporaries were seen freed by the finalizer while
/// libtorch still read them (crashes under a GC-stress thread, runs that diverged by GC timing).
/// </summary>
internal sealed class HeldScalarAdam : IDisposable
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
    private readonly Scalar one = 1.0.ToScalar();

    public HeldScalarAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.parameters = parameters.ToArray();
        LearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        beta1Scalar = beta1.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        beta2Scalar = beta2.ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        this.epsilon = epsilon.ToScalar();
        using var noGrad = torch.no_grad();
        firstMoments = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
        secondMoments = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The rate of the next step.</summary>
    public double LearningRate { get; set; }

    /// <summary>Updates taken so far (the bias corrections depend on it).</summary>
    public long Steps { get; private set; }

    /// <summary>The parameters this optimizer updates, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>Zeroes every gradient (keeping the buffers, so the next backward accumulates into them).</summary>
    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var parameter in parameters)
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>One Adam update from the current gradients; parameters without a gradient are left alone.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        Steps++;
        var correction1 = 1 - Math.Pow(beta1, Steps);
        var correction2 = 1 - Math.Pow(beta2, Steps);
        using var negativeStepSize = (-LearningRate / correction1).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            firstMoments[i].mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            secondMoments[i].mul_(beta2Scalar).addcmul_(grad, grad, oneMinusBeta2);
            var denominator = secondMoments[i].sqrt().div_(rootCorrection2).add_(epsilon, one);
            parameters[i].addcdiv_(firstMoments[i], denominator, negativeStepSize);
        }
    }

    /// <summary>A copy of the moments and step count, for <see cref="Restore(State)"/>.</summary>
    public State Capture()
    {
        using var noGrad = torch.no_grad();
        return new State(
            Steps,
            firstMoments.Select(m => m.clone().DetachFromDisposeScope()).ToArray(),
            secondMoments.Select(v => v.clone().DetachFromDisposeScope()).ToArray());
    }

    /// <summary>Puts the moments and step count of <paramref name="state"/> back (the state stays usable).</summary>
    public void Restore(State state)
    {
        using var noGrad = torch.no_grad();
        Steps = state.Steps;
        for (var i = 0; i < parameters.Length; i++)
        {
            firstMoments[i].copy_(state.FirstMoments[i]);
            secondMoments[i].copy_(state.SecondMoments[i]);
        }
    }

    /// <summary>Writes the step count and moments (checkpoints).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Steps);
        writer.Write(parameters.Length);
        for (var i = 0; i < parameters.Length; i++)
        {
            firstMoments[i].Save(writer);
            secondMoments[i].Save(writer);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote, for the same parameters.</summary>
    /// <exception cref="InvalidDataException">The state belongs to another set of parameters.</exception>
    public void Load(BinaryReader reader)
    {
        var steps = reader.ReadInt64();
        if (reader.ReadInt32() != parameters.Length)
        {
            throw new InvalidDataException("The optimizer state is for a different set of parameters.");
        }

        try
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                firstMoments[i].Load(reader);
                secondMoments[i].Load(reader);
            }
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("The optimizer state does not match the networks.", ex);
        }

        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var tensor in firstMoments.Concat(secondMoments))
        {
            tensor.Dispose();
        }

        beta1Scalar.Dispose();
        oneMinusBeta1.Dispose();
        beta2Scalar.Dispose();
        oneMinusBeta2.Dispose();
        epsilon.Dispose();
        one.Dispose();
    }

    /// <summary>A snapshot of the optimizer (moments are copies; dispose it when no longer needed).</summary>
    internal sealed record State(long Steps, Tensor[] FirstMoments, Tensor[] SecondMoments) : IDisposable
    {
        public void Dispose()
        {
            foreach (var tensor in FirstMoments.Concat(SecondMoments))
            {
                tensor.Dispose();
            }
        }
    }
}
