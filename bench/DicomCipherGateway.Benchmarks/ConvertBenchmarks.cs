using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>
/// Read a file and write it in another native syntax, ours against DCMTK's dcmconv on the same file
/// in the same run (docs/benchmarks.md). dcmconv's time includes its process start, which is why
/// the single slice is also run on its own to show that overhead.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class ConvertBenchmarks
{
    private string input = string.Empty;
    private string output = string.Empty;

    [Params(1, 100)]
    public int Frames { get; set; }

    [Params("implicit", "big")]
    public string Target { get; set; } = "implicit";

    [GlobalSetup]
    public void Setup()
    {
        input = BenchmarkFiles.Ct(Frames);
        output = Path.Combine(BenchmarkFiles.Directory, $"out-{Frames}-{Target}.dcm");
    }

    [Benchmark(Baseline = true)]
    public void Dcmconv()
    {
        using var p = Process.Start(new ProcessStartInfo("dcmconv", [Target == "big" ? "+tb" : "+ti", input, output]) { UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("dcmconv failed");
        }
    }

    [Benchmark]
    public void Dcg()
    {
        var target = Target == "big" ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        DicomFile.Open(input).ChangeTransferSyntax(target).Save(output, new DicomWriteOptions { RemoveGroupLengths = true });
    }
}
