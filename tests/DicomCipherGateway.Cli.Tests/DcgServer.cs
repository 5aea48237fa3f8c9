using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>A long-running <c>dcg listen</c> (or any dcg verb) on a free port, killed on dispose.</summary>
internal sealed class DcgServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DcgServer(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts dcg with <paramref name="args"/> and returns at once (a client verb the test will interrupt).</summary>
    public static DcgServer Start(params string[] args)
    {
        // Through env --default-signal=INT: a test run started in the background by a non-interactive
        // shell inherits SIGINT ignored, dcg then rightly keeps ignoring it, and Ctrl-C could not be tested.
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dcg.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return new DcgServer(Process.Start(psi)!, 0);
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does (`dotnet dcg.dll` runs dcg in this very process).</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for dcg to end and returns its exit code; kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dcg did not end within {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Starts dcg with <paramref name="args"/> (which must make it listen on <paramref name="port"/>) and waits for the port.</summary>
    public static async Task<DcgServer> StartAsync(int port, params string[] args)
    {
        var server = Start(args);
        server.Port = port;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !server._process.HasExited)
            {
                await Task.Delay(100);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
