using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>The target domain Y ("hidden factors") that D teaches G's output to resemble.</summary>
public abstract class HiddenFactorSource
{
    /// <summary>A short description recorded in the key's metadata (no secrets, no paths with patient data).</summary>
    public abstract string Description { get; }

    /// <summary>A batch of N×C×S×S samples in [-1, 1] on <paramref name="device"/>.</summary>
    internal abstract Tensor Sample(int batch, int channels, int size, Generator generator, Device device);
}
