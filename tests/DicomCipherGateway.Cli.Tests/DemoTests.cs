using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;
using SkiaSharp;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>
/// <c>dcg demo</c> end to end (the gateway built beside dcg by this project's reference). A 20-step
/// key judged with --min-psnr 0 keeps it short: the test is about the steps, the key's quality is
/// the cipher tests' business. The assertions look at what the demo left on disk, not only at what
/// it printed.
/// </summary>
public class DemoTests
{
    [Fact]
    public async Task Demo_stores_ciphertext_in_orthanc_retrieves_the_originals_bit_for_bit_and_stops_everything()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("demo");
        var result = await DcgProcess.RunAsync(TimeSpan.FromMinutes(10), "demo", "--out", output, "--key-steps", "20", "--min-psnr", "0", "--slices", "2", "--gateway", GatewayDll);
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("demo finished", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", result.StdOut, StringComparison.Ordinal);
        for (var step = 1; step <= 10; step++)
        {
            Assert.Contains($"[{step}] ", result.StdOut, StringComparison.Ordinal);
        }

        Assert.Contains("quality gate: held-out PSNR", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"dcg_instances_forwarded_total +6\r?\n", result.StdOut);

        // Orthanc's own storage holds ciphertext objects only: the ciphertext block, other pixel data.
        var originals = Directory.GetFiles(Path.Combine(output, "study"), "*.dcm").ToDictionary(p => Uid(DicomFile.Open(p)), p => p);
        Assert.Equal(6, originals.Count);
        var stored = Directory.GetFiles(Path.Combine(output, "orthanc", "storage"), "*", SearchOption.AllDirectories)
            .Select(p => DicomFile.Open(p))
            .Where(f => f.Dataset.Contains(DicomTags.PixelData))
            .ToList();
        Assert.Equal(originals.Keys.Order(), stored.Select(Uid).Order());
        foreach (var file in stored)
        {
            Assert.True(DicomObjectDecryptor.IsEncrypted(file.Dataset), $"{Uid(file)} is not a ciphertext object in Orthanc");
            var plain = DicomFile.Open(originals[Uid(file)]).Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
            var cipher = file.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
            Assert.False(plain.AsSpan().SequenceEqual(cipher), $"Orthanc holds the original pixels of {Uid(file)}");
        }

        // Both retrievals delivered every original, element for element.
        DicomAssert.SameObjects(originals.Values, Directory.GetFiles(Path.Combine(output, "retrieved", "move")));
        DicomAssert.SameObjects(originals.Values, Directory.GetFiles(Path.Combine(output, "retrieved", "get")));

        // Three pictures, none blank; the side-by-side one is as wide as the two together.
        var pictures = Path.Combine(output, "pictures");
        foreach (var name in new[] { "original.png", "orthanc-preview.png", "side-by-side.png" })
        {
            Assert.True(LuminanceStdDev(Path.Combine(pictures, name)) > 10, $"{name} is blank or nearly constant");
        }

        using (var side = SKBitmap.Decode(Path.Combine(pictures, "side-by-side.png")))
        using (var preview = SKBitmap.Decode(Path.Combine(pictures, "orthanc-preview.png")))
        {
            Assert.True(side.Width > 2 * preview.Width - 1, $"side-by-side is {side.Width} wide, the preview {preview.Width}");
        }

        Assert.Empty(ProcessesUsing(output));
    }

    [Fact]
    public async Task Demo_fails_with_exit_10_when_the_gateway_does_not_start_and_leaves_nothing_running()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("demo");
        var result = await DcgProcess.RunAsync(TimeSpan.FromMinutes(10), "demo", "--out", output, "--key-steps", "20", "--min-psnr", "0", "--slices", "1", "--gateway", "/bin/false");
        Assert.True(result.ExitCode == 10, result.StdOut + result.StdErr);
        Assert.Contains("demo FAILED: the gateway exited with code 1 while starting", result.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "orthanc", "orthanc.json")), "Orthanc was not started: the test proves nothing about stopping it");
        Assert.Empty(ProcessesUsing(output));
    }

    [Fact]
    public async Task Demo_interrupted_while_the_peers_run_exits_130_and_leaves_nothing_running()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("demo");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "dcg.dll"), "demo", "--out", output, "--key-steps", "20", "--min-psnr", "0", "--slices", "1", "--gateway", GatewayDll })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi)!;
        var text = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (text)
            {
                text.AppendLine(e.Data);
            }

            // Orthanc and the gateway run from step 4 on.
            if (e.Data?.StartsWith("[5] ", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // As long as the other demo tests' guard: steps 1-4 train a key, and took over 3 min at load 25.
            await started.Task.WaitAsync(TimeSpan.FromMinutes(10));
            Assert.Contains(ProcessesUsing(output), c => c.Contains("orthanc.json", StringComparison.Ordinal));
            Assert.Contains(ProcessesUsing(output), c => c.Contains("gateway.json", StringComparison.Ordinal));
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(cts.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        lock (text)
        {
            Assert.True(process.ExitCode == 130, text.ToString());
            Assert.Contains("demo interrupted", text.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(ProcessesUsing(output));
    }

    /// <summary>The gateway's build output of this test's configuration (the project reference builds it first).</summary>
    private static string GatewayDll
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent!;
            var tests = configuration.Parent!.Parent!.Parent!;
            return Path.Combine(tests.Parent!.FullName, "src", "DicomCipherGateway", "bin", configuration.Name, tfm.Name, "DicomCipherGateway.dll");
        }
    }

    private static string Uid(DicomFile file) => file.Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0', ' ');

    private static double LuminanceStdDev(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var values = new List<double>(bitmap.Width * bitmap.Height);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                values.Add((0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue));
            }
        }

        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    /// <summary>Live processes whose command line names <paramref name="folder"/> (Orthanc, the gateway, storescp).</summary>
    private static List<string> ProcessesUsing(string folder) =>
        [.. Directory.GetDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return string.Empty;
                }
                catch (UnauthorizedAccessException)
                {
                    return string.Empty;
                }
            })
            .Where(cmd => cmd.Contains(folder, StringComparison.Ordinal))];
}
