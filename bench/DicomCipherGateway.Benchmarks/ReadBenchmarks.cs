using BenchmarkDotNet.Attributes;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>Parse a whole file into memory (no deferral) and write it to a null stream: the library's own throughput.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class ReadWriteBenchmarks
{
    private static readonly DicomReadOptions InMemory = new() { DeferValuesLargerThan = long.MaxValue };
    private string input = string.Empty;

    [Params(1, 100)]
    public int Frames { get; set; }

    [GlobalSetup]
    public void Setup() => input = BenchmarkFiles.Ct(Frames);

    [Benchmark]
    public int ReadAll() => DicomFile.Open(input, InMemory).Dataset.Count;

    [Benchmark]
    public void ReadAllWriteAll() => DicomFile.Open(input, InMemory).Write(Stream.Null);
}
