using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Networks;

/// <summary>
/// Batch norm over N×C×H×W with TorchSharp's parameters, buffers and state-dict names (key files
/// and checkpoints are unchanged), but whose training-mode step counter is advanced with a held
/// Scalar: TorchSharp's own <c>num_batches_tracked.add_(1)</c> converts the 1 implicitly, and that
/// temporary was seen freed by the finalizer while libtorch read it ("toLong" errors, wrong counts).
/// </summary>
internal sealed class HeldScalarBatchNorm2d : BatchNorm
{
    public HeldScalarBatchNorm2d(long features)
        : base(features, 1e-5, 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name: "BatchNorm2d")
    {
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var momentum = this.momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } counter)
        {
            counter.add_(HeldScalars.OneInteger, HeldScalars.OneInteger);
        }

        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(
            input,
            useRunning ? running_mean : null,
            useRunning ? running_var : null,
            weight,
            bias,
            training || (running_mean is null && running_var is null),
            momentum,
            eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4)
        {
            throw new ArgumentException($"Batch norm expects an N×C×H×W input, not {input.ndim} dimensions.", nameof(input));
        }
    }
}
