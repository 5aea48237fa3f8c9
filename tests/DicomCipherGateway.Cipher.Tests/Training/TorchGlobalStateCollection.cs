namespace DicomCipherGateway.Cipher.Tests.Training;

/// <summary>
/// Tests that change or depend on libtorch's process-wide state, run alone: the kernel check
/// switches every convolution to ATen's kernels while it computes its reference, and the shared
/// quick key trains at two threads; a seeded run beside either is not bit-identical to one
/// without (seen: the GC-stress bit-identity test failed once in a fresh-clone run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalStateCollection
{
    public const string Name = "libtorch's process-wide state";
}
