using System.Runtime.CompilerServices;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests;

/// <summary>One libtorch thread per process: xunit runs test classes in parallel on a 2-core machine shared with other work.</summary>
internal static class TestTorchSetup
{
    [ModuleInitializer]
    internal static void OneThread()
    {
        // These tests train keys in-process: oneDNN must be capped before its first convolution.
        DicomCipherGateway.Cipher.Torch.ConvolutionBackends.CapOneDnnForTraining();
        torch.set_num_threads(1);
    }
}
