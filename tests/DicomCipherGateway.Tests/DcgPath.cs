namespace DicomCipherGateway.Tests;

/// <summary>
/// dcg.dll in the CLI's own output folder (same configuration as the tests): beside the tests it
/// would run without the packages the ASP.NET Core shared framework gives the gateway.
/// </summary>
internal static class DcgPath
{
    public static string Dll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            var repo = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repo, "src", "DicomCipherGateway.Cli", "bin", configuration, framework, "dcg.dll");
        }
    }

    /// <summary>Runs <c>dotnet dcg.dll ARGS</c> (at most a minute) and returns its exit code and its stdout followed by its stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
