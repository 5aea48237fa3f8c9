using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>
/// RLE Lossless file to file, ours against DCMTK on the same files in the same run: encode
/// (native → RLE, reference dcmcrle) and decode (RLE → Explicit VR LE, reference dcmdrle, from
/// dcmcrle's output). DCMTK's times include its process start (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class RleBenchmarks
{
    private string native = string.Empty;
    private string rle = string.Empty;
    private string output = string.Empty;

    [Params(1, 100)]
    public int Frames { get; set; }

    [Params("encode", "decode")]
    public string Direction { get; set; } = "encode";

    [GlobalSetup]
    public void Setup()
    {
        native = BenchmarkFiles.Ct(Frames);
        rle = Path.Combine(BenchmarkFiles.Directory, $"ct-512x512x{Frames}-dcmcrle.dcm");
        if (!File.Exists(rle))
        {
            Run("dcmcrle", native, rle);
        }

        output = Path.Combine(BenchmarkFiles.Directory, $"out-{Frames}-rle-{Direction}.dcm");
    }

    [Benchmark(Baseline = true)]
    public void Dcmtk()
    {
        if (Direction == "encode")
        {
            Run("dcmcrle", native, output);
        }
        else
        {
            Run("dcmdrle", rle, output);
        }
    }

    [Benchmark]
    public void Dcg()
    {
        var (input, target) = Direction == "encode"
            ? (native, DicomTransferSyntax.RLELossless)
            : (rle, DicomTransferSyntax.ExplicitVRLittleEndian);
        DicomFile.Open(input).ChangeTransferSyntax(target).Save(output, new DicomWriteOptions { RemoveGroupLengths = true });
    }

    private static void Run(string tool, string input, string output)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, [input, output]) { UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed");
        }
    }
}
