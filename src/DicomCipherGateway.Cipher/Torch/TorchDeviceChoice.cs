namespace DicomCipherGateway.Cipher.Torch;

/// <summary>Which device runs the networks.</summary>
public enum TorchDeviceChoice
{
    /// <summary>CUDA when libtorch reports a usable CUDA device, else the CPU.</summary>
    Auto = 0,

    /// <summary>The CPU.</summary>
    Cpu = 1,

    /// <summary>CUDA; fails when no CUDA device is usable (e.g. the CPU build of libtorch).</summary>
    Cuda = 2,
}
