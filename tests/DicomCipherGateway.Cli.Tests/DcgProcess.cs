using System.Diagnostics;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>Runs the built <c>dcg</c> as a child process, the way an administrator would.</summary>
internal static class DcgProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <param name="timeout">
    /// A hang guard, not a speed bound: verbs that train or analyse get 10 minutes because a shared 2-core
    /// machine at load 23 took over 4 minutes for an <c>analyze --quick</c> that needs 55 s at load 7.
    /// </param>
    /// <param name="args">The verb and its arguments.</param>
    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dcg.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dcg");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dcg {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
