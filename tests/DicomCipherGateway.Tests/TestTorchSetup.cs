using System.Runtime.CompilerServices;
using TorchSharp;

namespace DicomCipherGateway.Tests;

/// <summary>One libtorch thread in the test process (the machine is shared; the gateways run as child processes).</summary>
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
