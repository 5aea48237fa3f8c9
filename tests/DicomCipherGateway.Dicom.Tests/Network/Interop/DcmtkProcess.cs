using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>A long-running peer (storescp, dcmqrscp, Orthanc) on a loopback port, killed with its process tree on dispose.</summary>
internal sealed class DcmtkProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DcmtkProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

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

    public static Task<DcmtkProcess> StartAsync(string tool, Func<int, IEnumerable<string>> args)
    {
        var port = FreePort.Next();
        return StartAsync(DcmtkTools.Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed; run scripts/setup."), args(port), port);
    }

    /// <summary>Starts <paramref name="executable"/> and waits until it listens on <paramref name="port"/>.</summary>
    public static async Task<DcmtkProcess> StartAsync(string executable, IEnumerable<string> args, int port, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["TCP_NODELAY"] = "1";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var peer = new DcmtkProcess(Process.Start(psi)!, port);
        try
        {
            await peer.WaitListeningAsync();
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    private async Task WaitListeningAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
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
