using System.Runtime.CompilerServices;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests;

/// <summary>One libtorch thread per process: xunit runs test classes in parallel on a 2-core machine shared with other work.</summary>
internal static class TestTorchSetup
{
    [ModuleInitializer]
    internal static void OneThread() => torch.set_num_threads(1);
}
