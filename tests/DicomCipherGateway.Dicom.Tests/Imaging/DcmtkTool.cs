using System.Diagnostics;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary>Runs a DCMTK command-line tool, killing it if it outlives its timeout.</summary>
internal static class DcmtkTool
{
    public static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in 60 s");
        }

        var err = stderr.GetAwaiter().GetResult();
        _ = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {err}");
        }

        Assert.True(!err.Contains("W: ", StringComparison.Ordinal) && !err.Contains("E: ", StringComparison.Ordinal), $"{tool} warned: {err}");
    }
}
