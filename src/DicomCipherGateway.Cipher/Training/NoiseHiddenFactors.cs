using DicomCipherGateway.Cipher.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DicomCipherGateway.Cipher.Training;

/// <summary>
/// Hidden factors generated from the key's own randomness: uniform noise, so G learns to make
/// images whose every patch looks like white noise (flat histogram, no structure).
/// </summary>
public sealed class NoiseHiddenFactors : HiddenFactorSource
{
    /// <inheritdoc />
    public override string Description => "noise:uniform";

    internal override Tensor Sample(int batch, int channels, int size, Generator generator, Device device)
    {
        using var cpu = torch.rand([batch, channels, size, size], generator: generator);
        using var scaled = cpu.mul(HeldScalars.Two).sub_(HeldScalars.One);
        return scaled.to(device);
    }
}
