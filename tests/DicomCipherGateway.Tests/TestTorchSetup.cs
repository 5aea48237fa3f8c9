using System.Runtime.CompilerServices;
using TorchSharp;

namespace DicomCipherGateway.Tests;

/// <summary>One libtorch thread in the test process (the machine is shared; the gateways run as child processes).</summary>
internal static class TestTorchSetup
{
    [ModuleInitializer]
    internal static void OneThread() => torch.set_num_threads(1);
}
