using TorchSharp;

namespace DicomCipherGateway.Cipher.Torch;

/// <summary>The device and thread count the engine runs with, as chosen at start (reported in logs and health).</summary>
public sealed record TorchEnvironment(torch.Device Device, int Threads, bool CudaAvailable)
{
    /// <summary>"cpu" or "cuda:N".</summary>
    public string DeviceName => Device.ToString();

    /// <inheritdoc />
    public override string ToString() => $"device {DeviceName}, {Threads} intra-op thread(s), CUDA available: {CudaAvailable}";
}
