using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// The gateway as an administrator runs it: <c>dotnet DicomCipherGateway.dll --config PATH</c>,
/// as a child process, stopped with SIGTERM or killed with SIGKILL by the tests.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, int dicomPort, int httpPort)
    {
        _process = process;
        DicomPort = dicomPort;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int DicomPort { get; }

    public int HttpPort { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public HttpClient Http() => new() { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Writes <paramref name="config"/> to a file and starts the gateway with it; does not wait.</summary>
    public static GatewayProcess Start(string configPath, JsonObject config, params string[] extraArgs) => Start(configPath, config, extraArgs, null);

    /// <param name="environment">Extra environment variables (DCG_ settings).</param>
    public static GatewayProcess Start(string configPath, JsonObject config, string[] extraArgs, IReadOnlyDictionary<string, string>? environment)
    {
        File.WriteAllText(configPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var gateway = config["Gateway"]!;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DicomCipherGateway.dll"));
        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(configPath);
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the gateway");
        var url = new Uri(gateway["Http"]!["Url"]!.GetValue<string>());
        return new GatewayProcess(process, int.TryParse(gateway["Port"]!.ToString(), out var port) ? port : 0, url.Port);
    }

    /// <summary>Starts the gateway and waits until its DICOM port accepts connections and /healthz answers.</summary>
    public static async Task<GatewayProcess> StartReadyAsync(string configPath, JsonObject config)
    {
        var gateway = Start(configPath, config);
        try
        {
            await gateway.WaitForPortAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WaitForPortAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, DicomPort).ConfigureAwait(false);
                using var http = Http();
                if ((await http.GetAsync("healthz").ConfigureAwait(false)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or HttpRequestException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"the gateway did not listen on {DicomPort}:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself (start-up errors).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM, as systemd stops the service; waits for the graceful exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        return await WaitForExitAsync(timeout).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
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
}
