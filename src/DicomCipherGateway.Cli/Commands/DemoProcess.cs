using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// A peer the demo starts (Orthanc, the gateway, storescp): its output goes to a log file, and
/// disposing it stops it (SIGTERM, then SIGKILL), so nothing outlives the demo, failed or not.
/// </summary>
internal sealed class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private DemoProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static DemoProcess Start(string name, string logPath, string fileName, IEnumerable<string> args, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        try
        {
            var process = Process.Start(psi) ?? throw new DemoFailedException($"could not start {name}");
            return new DemoProcess(name, process, log);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Dispose();
            throw new DemoFailedException($"{fileName} is not installed ({e.Message}); run scripts/setup");
        }
    }

    /// <summary>A free TCP port on the loopback interface (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="port"/> accepts connections; fails if the process exits first.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            DemoCommand.Check(!_process.HasExited, $"{Name} exited with code {(_process.HasExited ? _process.ExitCode : 0)} while starting (see its log)");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new DemoFailedException($"{Name} did not listen on port {port} within {timeout.TotalSeconds:F0} s (see its log)");
    }

    /// <summary>SIGTERM and wait (a clean stop); the exit code, or null if it had to be killed.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
                return null;
            }
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the stop: nothing to keep.
            }
        }
    }
}
