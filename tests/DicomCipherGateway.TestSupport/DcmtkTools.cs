using System.Diagnostics;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// Locates and runs the DCMTK and dicom3tools command-line tools the tests use as judges
/// (dcmdump, dump2dcm, img2dcm, dcmconv, dcmcrle, dcmdrle, dciodvfy, storescu ...).
/// Every run has a timeout and the process tree is killed when it passes.
/// </summary>
public static class DcmtkTools
{
    private static readonly string[] SearchPath = [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'), "/usr/bin", "/usr/local/bin"];

    /// <summary>The full path of a tool, or null when it is not installed.</summary>
    public static string? Find(string tool) =>
        SearchPath.Where(d => d.Length > 0).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>True when the DCMTK tools are installed (scripts/setup installs them).</summary>
    public static bool Available => Find("dcmdump") is not null && Find("dump2dcm") is not null;

    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var path = Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed; run scripts/setup.");
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // DCMTK prints value bytes as they are; Latin-1 maps each byte to one char losslessly.
            StandardOutputEncoding = System.Text.Encoding.Latin1,
            StandardErrorEncoding = System.Text.Encoding.Latin1,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };

        // Without it DCMTK's network tools stall about 40 ms per message on delayed ACKs (Nagle).
        psi.Environment["TCP_NODELAY"] = "1";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in time.");
        }

        return new ToolResult(tool, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public static Task<ToolResult> RunAsync(string tool, params string[] args) => RunAsync(tool, (IEnumerable<string>)args);

    /// <summary>dcmdump's view of a file (stdout), failing on a non-zero exit.</summary>
    public static async Task<string> DumpAsync(string file, params string[] extraArgs)
    {
        var r = await RunAsync("dcmdump", [.. extraArgs, file]).ConfigureAwait(false);
        return r.EnsureSuccess().StdOut;
    }

    /// <summary>Runs dciodvfy and returns its error lines ("Error - ...").</summary>
    public static async Task<IReadOnlyList<string>> DciodvfyErrorsAsync(string file)
    {
        var r = await RunAsync("dciodvfy", file).ConfigureAwait(false);
        return [.. (r.StdErr + "\n" + r.StdOut).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l.Trim())];
    }
}
