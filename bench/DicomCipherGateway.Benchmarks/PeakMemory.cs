using System.Diagnostics;
using System.Globalization;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Benchmarks;

/// <summary>
/// Peak resident memory (VmHWM) converting a ~500 MB multi-frame object, each scenario in a fresh
/// child process, next to dcmconv's peak (GNU time's %M) on the same file.
/// </summary>
internal static class PeakMemory
{
    public static int Run(string[] args)
    {
        if (args.Length >= 3 && args[1] == "child")
        {
            return Child(args[2], args[3]);
        }

        var frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var input = BenchmarkFiles.Ct(frames);
        var size = new FileInfo(input).Length;
        Console.WriteLine($"input: {input}, {size / 1e6:F0} MB ({frames} frames of 512x512x16)");
        Console.WriteLine("| scenario | peak RSS (MB) | ratio to file size |");
        Console.WriteLine("|---|---|---|");
        foreach (var scenario in new[] { "deferred-to-implicit", "in-memory-to-implicit", "to-big-endian" })
        {
            var peak = ChildPeak(scenario, input);
            Console.WriteLine($"| dcg {scenario} | {peak / 1e6:F0} | {(double)peak / size:F2} |");
        }

        foreach (var (label, option) in new[] { ("dcmconv +ti", "+ti"), ("dcmconv +tb", "+tb") })
        {
            var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "%M", "dcmconv", option, input, input + ".dcmconv.dcm"]) { RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            var kb = long.Parse(err.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
            Console.WriteLine($"| {label} | {kb * 1024 / 1e6:F0} | {(double)kb * 1024 / size:F2} |");
        }

        return 0;
    }

    private static long ChildPeak(string scenario, string input)
    {
        var self = Environment.ProcessPath!;
        var dll = typeof(PeakMemory).Assembly.Location;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(dll);
        }

        foreach (var a in new[] { "peak-memory", "child", scenario, input })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static int Child(string scenario, string input)
    {
        var output = input + $".{scenario}.dcm";
        switch (scenario)
        {
            case "deferred-to-implicit":
                DicomFile.Open(input).ChangeTransferSyntax(DicomTransferSyntax.ImplicitVRLittleEndian).Save(output, new DicomWriteOptions { RemoveGroupLengths = true });
                break;
            case "in-memory-to-implicit":
                DicomFile.Open(input, new DicomReadOptions { DeferValuesLargerThan = long.MaxValue })
                    .ChangeTransferSyntax(DicomTransferSyntax.ImplicitVRLittleEndian).Save(output, new DicomWriteOptions { RemoveGroupLengths = true });
                break;
            default:
                DicomFile.Open(input).ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRBigEndian).Save(output, new DicomWriteOptions { RemoveGroupLengths = true });
                break;
        }

        File.Delete(output);
        var hwm = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Console.WriteLine(kb * 1024);
        return 0;
    }
}
