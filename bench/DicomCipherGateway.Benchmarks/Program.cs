using BenchmarkDotNet.Running;
using DicomCipherGateway.Benchmarks;
using DicomCipherGateway.Benchmarks.Network;

// `peak-memory [frames]` measures peak RSS on a large multi-frame object; `emulate-link` and
// `store-scaling` are the two halves of bench/network/run-store-scaling.sh; anything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case "peak-memory":
        return PeakMemory.Run(args);
    case "emulate-link":
        return LinkEmulator.Run(args);
    case "store-scaling":
        return await StoreScaling.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ConvertBenchmarks).Assembly).Run(args);
return 0;
