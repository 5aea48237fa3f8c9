using System.Text.Json;
using System.Text.Json.Nodes;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// A PACS and one gateway in front of it, shared by the tests of a class or collection (starting
/// them costs seconds). What the PACS is, and how the gateway retrieves from it, is the subclass's.
/// </summary>
public abstract class PacsGatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dcg-gateway");

    internal TestKeyring Keys { get; private set; } = null!;

    internal GatewayProcess Gateway { get; private set; } = null!;

    internal JsonObject Config { get; private set; } = null!;

    public string Root => _dir.Path;

    /// <summary>Where the workstation WS1 receives C-STOREs (a C-MOVE destination in the retrieve tests).</summary>
    public int WorkstationPort { get; private set; }

    /// <summary>Where the workstation WS2 receives C-STOREs.</summary>
    public int SecondWorkstationPort { get; private set; }

    /// <summary>The PACS's Retrieve mode: how the gateway takes instances from it.</summary>
    public virtual string RetrieveMode => "CGet";

    public abstract int PacsPort { get; }

    public abstract string PacsAeTitle { get; }

    /// <summary>What the PACS printed so far, for failure messages.</summary>
    public abstract string PacsOutput { get; }

    public async Task InitializeAsync()
    {
        Keys = TestKeyring.Create(_dir.Path);
        var gatewayPort = FreePort.Next();
        WorkstationPort = FreePort.Next();
        SecondWorkstationPort = FreePort.Next();
        await StartPacsAsync(_dir.Combine("pacs"), gatewayPort);
        Config = GatewayConfig.Create(_dir.Combine("gw"), Keys, PacsPort, port: gatewayPort, workstationPort: WorkstationPort, retrieve: RetrieveMode, pacsAeTitle: PacsAeTitle, secondWorkstationPort: SecondWorkstationPort);
        Configure(Config["Gateway"]!.AsObject());
        Gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), Config);
    }

    /// <summary>Starts the PACS, knowing the gateway (AE title <see cref="GatewayConfig.AeTitle"/>) at <paramref name="gatewayPort"/>.</summary>
    protected abstract Task StartPacsAsync(string directory, int gatewayPort);

    protected abstract ValueTask StopPacsAsync();

    /// <summary>Adjusts the gateway's settings for this PACS before the gateway starts.</summary>
    protected virtual void Configure(JsonObject gateway)
    {
    }

    public string SpoolPath => Config["Gateway"]!["Spool"]!["Path"]!.GetValue<string>();

    public string LogDirectory => Config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();

    internal IReadOnlyList<JsonElement> AuditRecords() => Audit.Read(LogDirectory);

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await StopPacsAsync();
        _dir.Dispose();
    }
}

/// <summary>Orthanc as the PACS, retrieved from by C-GET on the gateway's association.</summary>
public class GatewayFixture : PacsGatewayFixture
{
    /// <summary>Objects over this size are refused (the oversize test sends a larger one).</summary>
    public const long MaxObjectBytes = 100_000;

    internal OrthancPeer Orthanc { get; private set; } = null!;

    public override int PacsPort => Orthanc.DicomPort;

    public override string PacsAeTitle => OrthancPeer.AeTitle;

    public override string PacsOutput => Orthanc.Output;

    // Orthanc answers C-FIND and C-GET only from AE titles it knows: the gateway's.
    protected override async Task StartPacsAsync(string directory, int gatewayPort) =>
        Orthanc = await OrthancPeer.StartAsync(directory, new Dictionary<string, (string, int)> { ["dcg"] = (GatewayConfig.AeTitle, gatewayPort) });

    protected override async ValueTask StopPacsAsync()
    {
        if (Orthanc is not null)
        {
            await Orthanc.DisposeAsync();
        }
    }

    protected override void Configure(JsonObject gateway) => gateway["MaxObjectBytes"] = MaxObjectBytes;
}

/// <summary>The same, with the gateway retrieving from Orthanc by C-MOVE to its own AE (Orthanc knows it as a modality).</summary>
public sealed class CMoveGatewayFixture : GatewayFixture
{
    public override string RetrieveMode => "CMove";
}

/// <summary>DCMTK's dcmqrscp as the PACS, retrieved from by C-GET; it may C-MOVE only to the gateway.</summary>
public class DcmqrscpGatewayFixture : PacsGatewayFixture
{
    private DcmqrscpPeer? _pacs;

    public override int PacsPort => _pacs!.Port;

    public override string PacsAeTitle => _pacs!.AeTitle;

    public override string PacsOutput => _pacs?.Output ?? string.Empty;

    /// <summary>dcmqrscp's storage folder: one Part 10 file per stored object, as the gateway forwarded it.</summary>
    public string PacsDatabase => _pacs!.Database;

    protected override async Task StartPacsAsync(string directory, int gatewayPort) =>
        _pacs = await DcmqrscpPeer.StartAsync(directory, new Dictionary<string, int> { [GatewayConfig.AeTitle] = gatewayPort });

    protected override async ValueTask StopPacsAsync()
    {
        if (_pacs is not null)
        {
            await _pacs.DisposeAsync();
        }
    }

    // One forwarding association: dcmqrscp, storing from two at once, was seen to index an object under another's file.
    protected override void Configure(JsonObject gateway) => gateway["Forward"]!["Associations"] = 1;
}

/// <summary>The same, with the gateway retrieving from dcmqrscp by C-MOVE to its own AE.</summary>
public sealed class DcmqrscpCMoveGatewayFixture : DcmqrscpGatewayFixture
{
    public override string RetrieveMode => "CMove";
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
