using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// A long-running peer (storescp, dcmqrscp, Orthanc ...) started for a test and killed, with its
/// children, on dispose. Output is collected for assertions and failure messages.
/// </summary>
public sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private bool disposed;

    private ToolProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>True once the process ended (always true after dispose).</summary>
    public bool HasExited => disposed || process.HasExited;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts a tool found on PATH (see <see cref="DcmtkTools.Find"/>).</summary>
    public static ToolProcess Start(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var path = DcmtkTools.Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed; run scripts/setup.");
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };

        // DCMTK peers answer small PDUs at once instead of waiting for Nagle's timer.
        psi.Environment["TCP_NODELAY"] = "1";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return new ToolProcess(Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}"));
    }

    /// <summary>The loopback port the peer listens on, when started by <see cref="StartListeningAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Starts a server tool on a free loopback port (<paramref name="args"/> gets the port) and
    /// returns once it accepts connections; the process is killed if it never does.
    /// </summary>
    public static Task<ToolProcess> StartListeningAsync(string tool, Func<int, IEnumerable<string>> args, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var port = FreePort.Next();
        return StartListeningAsync(tool, args(port), port, null, timeout);
    }

    /// <summary>
    /// Starts a server tool (a name on PATH or a full path, e.g. Orthanc's) that listens on
    /// <paramref name="port"/> and returns once it accepts connections (default wait 30 s).
    /// </summary>
    public static async Task<ToolProcess> StartListeningAsync(string tool, IEnumerable<string> args, int port, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var peer = Start(tool, args, workingDirectory);
        peer.Port = port;
        timeout ??= TimeSpan.FromSeconds(30);
        try
        {
            await peer.WaitForPortAsync(port, timeout).ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until the peer accepts TCP connections on the loopback port, or fails with its output.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the peer exited with {process.ExitCode} before listening on {port}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"the peer did not listen on {port} in time:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        disposed = true;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
