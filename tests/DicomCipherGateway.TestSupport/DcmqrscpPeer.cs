using System.Globalization;
using System.Text;

namespace DicomCipherGateway.TestSupport;

/// <summary>
/// DCMTK's dcmqrscp as a query/retrieve SCP with its own database under a test folder, on a
/// free loopback port; killed on dispose. Move destinations are the AE titles it may C-MOVE to.
/// </summary>
public sealed class DcmqrscpPeer : IAsyncDisposable
{
    private readonly ToolProcess _process;

    private DcmqrscpPeer(ToolProcess process, string aeTitle, string database)
    {
        _process = process;
        AeTitle = aeTitle;
        Database = database;
    }

    public int Port => _process.Port;

    public string AeTitle { get; }

    /// <summary>The folder holding the stored objects (one Part 10 file each) and the index.</summary>
    public string Database { get; }

    /// <summary>What dcmqrscp printed so far, for failure messages.</summary>
    public string Output => _process.Output;

    /// <param name="directory">A folder for the configuration and the database (created if missing).</param>
    /// <param name="moveDestinations">AE title → loopback port of each C-MOVE destination.</param>
    public static async Task<DcmqrscpPeer> StartAsync(string directory, IReadOnlyDictionary<string, int>? moveDestinations = null, string aeTitle = "QRSCP")
    {
        var db = Directory.CreateDirectory(Path.Combine(directory, "db")).FullName;
        var port = FreePort.Next();
        var hosts = new StringBuilder();
        var n = 0;
        foreach (var (ae, destinationPort) in moveDestinations ?? new Dictionary<string, int>())
        {
            hosts.Append(CultureInfo.InvariantCulture, $"dest{n++} = ({ae}, 127.0.0.1, {destinationPort})\n");
        }

        var config = Path.Combine(directory, "dcmqrscp.cfg");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            NetworkTCPPort  = {port}
            MaxPDUSize      = 16384
            MaxAssociations = 16

            HostTable BEGIN
            {hosts}HostTable END

            VendorTable BEGIN
            VendorTable END

            AETable BEGIN
            {aeTitle} {db} RW (20, 64mb) ANY
            AETable END

            """)).ConfigureAwait(false);
        var process = await ToolProcess.StartListeningAsync("dcmqrscp", ["-c", config, port.ToString(CultureInfo.InvariantCulture)], port).ConfigureAwait(false);
        return new DcmqrscpPeer(process, aeTitle, db);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
