using System.Runtime.CompilerServices;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>Some fixtures here train keys in-process: oneDNN is capped before its first convolution, as dcg keygen does.</summary>
internal static class TestTorchSetup
{
    [ModuleInitializer]
    internal static void CapOneDnn() => DicomCipherGateway.Cipher.Torch.ConvolutionBackends.CapOneDnnForTraining();
}
