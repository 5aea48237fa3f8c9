using TorchSharp;

namespace DicomCipherGateway.Cipher.Torch;

/// <summary>Chooses the device and the intra-op thread count of libtorch.</summary>
/// <remarks>
/// The thread count is process-wide in libtorch, so it is set once at start. It is chosen
/// deliberately rather than left at libtorch's default (all cores): on two shared vCPUs, two
/// torch threads collapse when the other core is busy parsing DICOM and moving bytes.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>
    /// Selects the device and sets the thread count (0 = one less than the cores, at least 1). A
    /// process that will train says so (<paramref name="forTraining"/>) before any convolution runs:
    /// oneDNN is then capped at the instruction set whose gradients are right (<see cref="ConvolutionBackends"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">CUDA was required but is not available.</exception>
    public static TorchEnvironment Configure(TorchDeviceChoice choice, int threads = 0, bool forTraining = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (forTraining)
        {
            ConvolutionBackends.CapOneDnnForTraining();
        }

        var cuda = CudaAvailable();
        var device = choice switch
        {
            TorchDeviceChoice.Cpu => torch.CPU,
            TorchDeviceChoice.Cuda when cuda => torch.CUDA,
            TorchDeviceChoice.Cuda => throw new InvalidOperationException(
                "CUDA was requested (--device cuda) but libtorch reports no usable CUDA device; this build uses the " +
                "CPU libtorch unless built with -p:TorchBackend=cuda."),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
        var count = threads > 0 ? threads : Math.Max(1, Environment.ProcessorCount - 1);
        torch.set_num_threads(count);
        NativeAllocatorTuning.Apply();
        return new TorchEnvironment(device, count, cuda);
    }

    /// <summary>Parses "auto", "cpu" or "cuda".</summary>
    public static TorchDeviceChoice ParseDevice(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => TorchDeviceChoice.Auto,
        "cpu" => TorchDeviceChoice.Cpu,
        "cuda" or "gpu" => TorchDeviceChoice.Cuda,
        _ => throw new ArgumentException($"Unknown device '{text}': use auto, cpu or cuda.", nameof(text)),
    };

    private static bool CudaAvailable()
    {
        try
        {
            return torch.cuda.is_available();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            // The CPU build of libtorch has no CUDA runtime to ask.
            return false;
        }
    }
}
