using System.Text.Json;
using System.Text.Json.Nodes;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// One Orthanc and one gateway in front of it, shared by the tests of <see cref="GatewayCollection"/>
/// (starting them costs seconds). Tests that stop or kill the gateway start their own.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dcg-gateway");

    internal TestKeyring Keys { get; private set; } = null!;

    internal OrthancPeer Orthanc { get; private set; } = null!;

    internal GatewayProcess Gateway { get; private set; } = null!;

    internal JsonObject Config { get; private set; } = null!;

    public string Root => _dir.Path;

    /// <summary>Where the workstation WS1 receives C-STOREs (a C-MOVE destination in the retrieve tests).</summary>
    public int WorkstationPort { get; private set; }

    /// <summary>Where the workstation WS2 receives C-STOREs.</summary>
    public int SecondWorkstationPort { get; private set; }

    /// <summary>Objects over this size are refused (the oversize test sends a larger one).</summary>
    public const long MaxObjectBytes = 100_000;

    /// <summary>The PACS's Retrieve mode: how the gateway takes instances from Orthanc.</summary>
    public virtual string RetrieveMode => "CGet";

    public async Task InitializeAsync()
    {
        Keys = TestKeyring.Create(_dir.Path);
        // Orthanc answers C-FIND and C-GET only from AE titles it knows: the gateway's.
        var gatewayPort = FreePort.Next();
        WorkstationPort = FreePort.Next();
        SecondWorkstationPort = FreePort.Next();
        Orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = (GatewayConfig.AeTitle, gatewayPort) });
        Config = GatewayConfig.Create(_dir.Combine("gw"), Keys, Orthanc.DicomPort, maxObjectBytes: MaxObjectBytes, port: gatewayPort, workstationPort: WorkstationPort, retrieve: RetrieveMode, secondWorkstationPort: SecondWorkstationPort);
        Gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), Config);
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

        if (Orthanc is not null)
        {
            await Orthanc.DisposeAsync();
        }

        _dir.Dispose();
    }
}

/// <summary>The same, with the gateway retrieving from Orthanc by C-MOVE to its own AE (Orthanc knows it as a modality).</summary>
public sealed class CMoveGatewayFixture : GatewayFixture
{
    public override string RetrieveMode => "CMove";
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
