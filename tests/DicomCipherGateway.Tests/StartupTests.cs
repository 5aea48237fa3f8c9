using System.Text.Json.Nodes;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>A bad setting or a missing key stops the gateway at start with exit code 2 and a message naming the setting; the disk watermark refuses stores.</summary>
public sealed class StartupTests : IDisposable
{
    private static readonly TestKeyring Keys = TestKeyring.CreateTemporary("dcg-startup-keys-");
    private readonly TempDirectory _dir = new("dcg-startup");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Gateway:Port", "70000", "Gateway:Port" },
        { "Gateway:Cipher:View", "rainbow", "Gateway:Cipher:View" },
        { "Gateway:AeTitle", "A-NAME-FAR-TOO-LONG", "Gateway:AeTitle" },
        { "Gateway:Forward:Associations", "0", "Gateway:Forward:Associations" },
        { "Gateway:Cipher:KekFile", "/nonexistent/kek", "Gateway:Cipher:KekFile" },
        { "Gateway:Cipher:ActiveKeyId", "0123456789abcdef0123456789abcdef", "Gateway:Cipher:ActiveKeyId" },
        { "Gateway:Peers:2:Roles:0", "Workstation", "Gateway:Peers" },
        { "Gateway:Port", "not-a-number", "Gateway:Port" },
        { "Gateway:Forward:PacsCommitment", "Sometimes", "Gateway:Forward:PacsCommitment" },
        { "Gateway:Forward:PacsCommitment", "7", "Gateway:Forward:PacsCommitment" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_start_with_exit_code_2_and_names_the_setting(string key, string value, string named)
    {
        var config = GatewayConfig.Create(_dir.Path, Keys, FreePort.Next());
        Set(config, key, value);

        await using var gateway = GatewayProcess.Start(_dir.File("gateway.json"), config);
        var exit = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 2, $"exit {exit}:\n{gateway.Output}");
        Assert.Contains(named, gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DCG_environment_variables_and_the_command_line_override_the_config_file(bool environment)
    {
        var config = GatewayConfig.Create(_dir.Path, Keys, FreePort.Next());

        await using var gateway = environment
            ? GatewayProcess.Start(_dir.File("gateway.json"), config, [], new Dictionary<string, string> { ["DCG_Gateway__Cipher__Profile"] = "caesar" })
            : GatewayProcess.Start(_dir.File("gateway.json"), config, "--Gateway:Cipher:Profile=caesar");
        var exit = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 2, gateway.Output);
        Assert.Contains("Gateway:Cipher:Profile", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Below_the_disk_watermark_a_store_is_refused_out_of_resources_with_an_audit_record()
    {
        var config = GatewayConfig.Create(_dir.Path, Keys, FreePort.Next(), minFreeBytes: long.MaxValue / 2);
        var files = TestObjects.Create(_dir.Combine("in"), 1);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);

        var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);

        Assert.Single(store.Statuses);
        Assert.NotEqual("Success", store.Statuses[0]);
        Assert.Contains(Audit.Read(config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>()), r => r.Get("event") == "refused" && r.Get("outcome") == "watermark" && r.Get("status") == "0xA700");
    }

    private static void Set(JsonObject config, string key, string value)
    {
        var parts = key.Split(':');
        JsonNode node = config;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        }

        var last = parts[^1];
        JsonNode? json = long.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
        if (int.TryParse(last, out var i))
        {
            node[i] = json;
        }
        else
        {
            node[last] = json;
        }
    }
}
