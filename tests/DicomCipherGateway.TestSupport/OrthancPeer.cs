using System.Text.Json;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// Orthanc configured in a test folder: no plugins, loopback only, no authentication, its own
/// storage; DICOM and REST on free loopback ports. Killed on dispose.
/// </summary>
public sealed class OrthancPeer : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/sbin/Orthanc";
    public const string AeTitle = "ORTHANC";

    private readonly ToolProcess _process;

    private OrthancPeer(ToolProcess process, int dicomPort, int httpPort)
    {
        _process = process;
        DicomPort = dicomPort;
        HttpPort = httpPort;
    }

    public int DicomPort { get; }

    public int HttpPort { get; }

    /// <summary>What Orthanc printed so far, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>A client for the REST API.</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="directory">A folder for configuration, index and storage (created if missing).</param>
    /// <param name="modalities">The DICOM peers Orthanc knows, by symbolic name: AE title and loopback port.</param>
    /// <param name="dicomPort">A fixed DICOM port (to restart a stopped Orthanc where its clients expect it); a free one when null.</param>
    /// <param name="httpPort">A fixed REST port; a free one when null.</param>
    /// <param name="settings">More configuration options (for example <c>LuaScripts</c>), added to or replacing the ones above.</param>
    public static async Task<OrthancPeer> StartAsync(string directory, IReadOnlyDictionary<string, (string AeTitle, int Port)> modalities, int? dicomPort = null, int? httpPort = null, IReadOnlyDictionary<string, object>? settings = null)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException("Orthanc is not installed; run scripts/setup.");
        }

        ArgumentNullException.ThrowIfNull(modalities);
        Directory.CreateDirectory(directory);
        var dicom = dicomPort ?? FreePort.Next();
        var http = httpPort ?? FreePort.Next();
        var config = new Dictionary<string, object>
        {
            ["Name"] = "DCG-TEST",
            ["StorageDirectory"] = Directory.CreateDirectory(Path.Combine(directory, "storage")).FullName,
            ["IndexDirectory"] = Directory.CreateDirectory(Path.Combine(directory, "index")).FullName,
            ["DicomAet"] = AeTitle,
            ["DicomPort"] = dicom,
            ["HttpPort"] = http,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = Array.Empty<string>(),
            ["DicomCheckCalledAet"] = true,
            ["StorageCompression"] = false,
            ["DicomModalities"] = modalities.ToDictionary(m => m.Key, m => new object[] { m.Value.AeTitle, "127.0.0.1", m.Value.Port }),
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, object>())
        {
            config[name] = value;
        }

        var configPath = Path.Combine(directory, "orthanc.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config)).ConfigureAwait(false);
        var process = await ToolProcess.StartListeningAsync(ExecutablePath, [configPath], dicom, directory).ConfigureAwait(false);
        try
        {
            await process.WaitForPortAsync(http).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new OrthancPeer(process, dicom, http);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
