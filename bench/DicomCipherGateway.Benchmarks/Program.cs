using BenchmarkDotNet.Running;
using DicomCipherGateway.Benchmarks;

// `peak-memory [frames]` measures peak RSS on a large multi-frame object; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "peak-memory")
{
    return PeakMemory.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ConvertBenchmarks).Assembly).Run(args);
return 0;
