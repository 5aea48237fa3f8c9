using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// The last known-good state of a run, in memory: G, F and D (parameters and batch-norm buffers)
/// and both optimizers' moments, so a diverged step can be rolled back.
/// </summary>
internal sealed class TrainingSnapshot : IDisposable
{
    private readonly (nn.Module Module, Dictionary<string, Tensor> State)[] modules;
    private readonly HeldScalarAdam.State gf;
    private readonly HeldScalarAdam.State d;

    private TrainingSnapshot(int step, (nn.Module, Dictionary<string, Tensor>)[] modules, HeldScalarAdam.State gf, HeldScalarAdam.State d)
    {
        Step = step;
        this.modules = modules;
        this.gf = gf;
        this.d = d;
    }

    /// <summary>Steps completed when the snapshot was taken.</summary>
    public int Step { get; }

    public static TrainingSnapshot Capture(int step, nn.Module g, nn.Module f, nn.Module d, HeldScalarAdam optGf, HeldScalarAdam optD)
    {
        using var noGrad = torch.no_grad();
        var states = new[] { g, f, d }
            .Select(m => (m, m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope())))
            .ToArray();
        return new TrainingSnapshot(step, states, optGf.Capture(), optD.Capture());
    }

    /// <summary>Copies the snapshot back into the networks and optimizers (the snapshot stays usable).</summary>
    public void Restore(HeldScalarAdam optGf, HeldScalarAdam optD)
    {
        using var noGrad = torch.no_grad();
        foreach (var (module, state) in modules)
        {
            foreach (var (name, current) in module.state_dict())
            {
                current.copy_(state[name]);
            }
        }

        optGf.Restore(gf);
        optD.Restore(d);
    }

    public void Dispose()
    {
        foreach (var (_, state) in modules)
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }

        gf.Dispose();
        d.Dispose();
    }
}
