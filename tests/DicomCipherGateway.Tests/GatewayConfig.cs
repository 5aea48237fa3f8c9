using System.Text.Json.Nodes;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>A gateway configuration for tests: modality CT1, workstations WS1 and WS2, Orthanc (or <c>pacsAeTitle</c>) as the PACS retrieved from by <c>retrieve</c>; short retry delays.</summary>
internal static class GatewayConfig
{
    public const string AeTitle = "DCG";
    public const string Modality = "CT1";
    public const string Workstation = "WS1";
    public const string SecondWorkstation = "WS2";

    public static JsonObject Create(string root, TestKeyring keys, int pacsPort, long maxObjectBytes = 64L * 1024 * 1024, long minFreeBytes = 1024 * 1024, int? port = null, int workstationPort = 104, string retrieve = "CGet", string pacsAeTitle = OrthancPeer.AeTitle, int secondWorkstationPort = 104)
    {
        return new JsonObject
        {
            ["Gateway"] = new JsonObject
            {
                ["AeTitle"] = AeTitle,
                ["Bind"] = "127.0.0.1",
                ["Port"] = port ?? FreePort.Next(),
                ["MaxAssociations"] = 8,
                ["MaxObjectBytes"] = maxObjectBytes,
                ["CheckPeerAddress"] = true,
                ["ShutdownTimeout"] = "00:00:05",
                ["Peers"] = new JsonArray
                {
                    new JsonObject { ["AeTitle"] = Modality, ["Host"] = "127.0.0.1", ["Port"] = 104, ["Roles"] = new JsonArray("Modality") },
                    new JsonObject { ["AeTitle"] = Workstation, ["Host"] = "127.0.0.1", ["Port"] = workstationPort, ["Roles"] = new JsonArray("Workstation") },
                    new JsonObject { ["AeTitle"] = pacsAeTitle, ["Host"] = "127.0.0.1", ["Port"] = pacsPort, ["Roles"] = new JsonArray("Pacs"), ["Retrieve"] = retrieve },
                    new JsonObject { ["AeTitle"] = SecondWorkstation, ["Host"] = "127.0.0.1", ["Port"] = secondWorkstationPort, ["Roles"] = new JsonArray("Workstation") },
                },
                ["Spool"] = new JsonObject { ["Path"] = Path.Combine(root, "spool"), ["MinFreeBytes"] = minFreeBytes, ["SealChunkBytes"] = 8192 },
                ["Cipher"] = new JsonObject
                {
                    ["Keyring"] = keys.Directory,
                    ["KekFile"] = keys.KekFile,
                    ["ActiveKeyId"] = keys.KeyId,
                    ["Device"] = "cpu",
                    ["Workers"] = 1,
                    ["Threads"] = 1,
                },
                ["Forward"] = new JsonObject
                {
                    ["Mode"] = "Async",
                    ["Associations"] = 2,
                    ["RetryDelay"] = "00:00:00.2",
                    ["MaxRetryDelay"] = "00:00:01",
                    ["MaxRetries"] = 2,
                    ["BreakDuration"] = "00:00:01",
                    ["AttemptTimeout"] = "00:00:15",
                    ["EchoInterval"] = "00:00:01",
                },
                ["Http"] = new JsonObject { ["Url"] = $"http://127.0.0.1:{FreePort.Next()}" },
                ["Log"] = new JsonObject { ["Directory"] = Path.Combine(root, "log"), ["Level"] = "Information" },
            },
        };
    }
}
