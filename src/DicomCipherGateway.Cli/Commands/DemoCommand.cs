using System.CommandLine;
using System.Diagnostics;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg demo</c>: the product's main job on its embedded defaults, narrated step by step.
/// Each step is checked by a real peer (DCMTK, dicom3tools) where one exists; a failed check
/// stops the demo with a non-zero exit code.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "working folder (wiped and recreated)",
            DefaultValueFactory = _ => new DirectoryInfo("demo-output"),
        };
        var keySteps = new Option<int?>("--key-steps")
        {
            Description = "train the demo key for this many steps instead of the quick preset's (a short key is weak: for tests)",
        };
        var minPsnr = new Option<double?>("--min-psnr")
        {
            Description = "held-out decryption PSNR (dB) the demo key must reach (default: the quick preset's 30 dB; lower only with --key-steps, for tests)",
        };
        var command = new Command("demo", "Run the end-to-end demonstration on embedded defaults.") { output, keySteps, minPsnr };
        command.SetAction(parse => Run(parse.GetValue(output)!, Console.Out, parse.GetValue(keySteps), parse.GetValue(minPsnr)));
        return command;
    }

    internal static int Run(DirectoryInfo output, TextWriter log, int? keySteps = null, double? minPsnr = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            if (output.Exists)
            {
                output.Delete(recursive: true);
            }

            var studyDir = Directory.CreateDirectory(Path.Combine(output.FullName, "study")).FullName;
            Step(log, 1, "generate a synthetic study (4 chest radiographs, 12-bit, with lung masks)");
            var exit = DataSynthCommand.Run(new DirectoryInfo(studyDir), 4, 512, 1, TextWriter.Null, TextWriter.Null);
            Check(exit == ExitCodes.Success, "dcg data synth failed");
            var first = Path.Combine(studyDir, "synth-000001.dcm");
            Check(Tool("dciodvfy", first).Errors == 0, "dciodvfy found errors in the generated image");
            log.WriteLine("    dciodvfy: no errors");

            Step(log, 2, "read it back (dcg dump, the dataset's first lines)");
            var listing = new StringWriter();
            Check(DumpCommand.Run(new FileInfo(first), listing, TextWriter.Null) == ExitCodes.Success, "dcg dump failed");
            var lines = listing.ToString().Split('\n');
            foreach (var line in lines.SkipWhile(l => !l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal)).Take(14))
            {
                log.WriteLine("    " + line.TrimEnd());
            }

            Step(log, 3, "transcode into every native transfer syntax and RLE Lossless, and back; DCMTK judges each file");
            var original = DicomFile.Open(first);
            var originalPixels = original.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
            foreach (var syntax in new[]
            {
                DicomTransferSyntax.ImplicitVRLittleEndian,
                DicomTransferSyntax.ExplicitVRBigEndian,
                DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
            })
            {
                var path = Path.Combine(output.FullName, $"synth-000001.{syntax.Keyword}.dcm");
                original.ChangeTransferSyntax(syntax).Save(path);
                var dcmdump = Tool("dcmdump", "-q", path);
                Check(dcmdump.ExitCode == 0 && dcmdump.Warnings == 0, $"dcmdump rejected {path}: {dcmdump.Text}");
                var back = DicomFile.Open(path).ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian);
                var pixels = back.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
                Check(pixels.AsSpan().SequenceEqual(originalPixels), $"pixels changed through {syntax.Name}");
                log.WriteLine($"    {syntax.Name,-36} {new FileInfo(path).Length,9:N0} bytes  dcmdump ok, pixels identical");
            }

            // RLE Lossless: compressed by us, decompressed by DCMTK's dcmdrle and by us.
            var rle = Path.Combine(output.FullName, "synth-000001.RLELossless.dcm");
            original.ChangeTransferSyntax(DicomTransferSyntax.RLELossless).Save(rle);
            var rleDump = Tool("dcmdump", "-q", rle);
            Check(rleDump.ExitCode == 0 && rleDump.Warnings == 0, $"dcmdump rejected {rle}: {rleDump.Text}");
            var decoded = Path.Combine(output.FullName, "synth-000001.RLELossless.dcmdrle.dcm");
            var dcmdrle = Tool("dcmdrle", rle, decoded);
            Check(dcmdrle.ExitCode == 0 && dcmdrle.Errors == 0 && dcmdrle.Warnings == 0, $"dcmdrle could not decode {rle}: {dcmdrle.Text}");
            var theirs = DicomFile.Open(decoded).Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory();
            Check(theirs.Span.SequenceEqual(originalPixels), "dcmdrle decoded other pixels than the source's");
            var ours = DicomFile.Open(rle).ChangeTransferSyntax(DicomTransferSyntax.ExplicitVRLittleEndian);
            Check(ours.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().Span.SequenceEqual(originalPixels), "pixels changed through RLE Lossless");
            var ratio = (double)originalPixels.Length / DicomFile.Open(rle).Dataset.GetFragments(DicomTags.PixelData)!.Fragments.Sum(f => f.Length);
            log.WriteLine($"    {DicomTransferSyntax.RLELossless.Name,-36} {new FileInfo(rle).Length,9:N0} bytes  dcmdump ok, dcmdrle and dcg decode identical pixels (pixel data {ratio:F2}:1)");

            DemoCipherSteps.Run(output.FullName, studyDir, keySteps, minPsnr, log);

            log.WriteLine();
            log.WriteLine($"demo finished in {clock.Elapsed.TotalSeconds:F1} s; files in {output.FullName}");
            return ExitCodes.Success;
        }
        catch (DemoFailedException ex)
        {
            log.WriteLine($"demo FAILED: {ex.Message}");
            return ExitCodes.DemoFailed;
        }
        catch (DicomException ex)
        {
            log.WriteLine($"demo FAILED: {ex.Message}");
            return ExitCodes.DemoFailed;
        }
    }

    internal static void Step(TextWriter log, int n, string what)
    {
        log.WriteLine();
        log.WriteLine($"[{n}] {what}");
    }

    internal static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new DemoFailedException(message);
        }
    }

    internal static (int ExitCode, int Errors, int Warnings, string Text) Tool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new DemoFailedException($"could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DemoFailedException($"{tool} is not installed ({ex.Message}); run scripts/setup");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new DemoFailedException($"{tool} did not finish in 2 minutes");
            }

            var text = stderr.GetAwaiter().GetResult() + stdout.GetAwaiter().GetResult();
            var lines = text.Split('\n');
            return (process.ExitCode,
                lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("E: ", StringComparison.Ordinal)),
                lines.Count(l => l.StartsWith("W: ", StringComparison.Ordinal)),
                text);
        }
    }
}
