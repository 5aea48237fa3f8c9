using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>Dead letters, Sync mode and graceful shutdown, each with its own gateway in front of an Orthanc.</summary>
public sealed class ForwardingTests : IAsyncLifetime
{
    private static readonly TestKeyring Keys = TestKeyring.CreateTemporary("dcg-forwarding-keys-");
    private readonly TempDirectory _dir = new("dcg-forwarding");
    private OrthancPeer _orthanc = null!;

    public async Task InitializeAsync() => _orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)>());

    public async Task DisposeAsync()
    {
        await _orthanc.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_permanent_refusal_goes_to_the_dead_letters_which_list_retry_and_purge_over_http()
    {
        var config = GatewayConfig.Create(_dir.Combine("gw"), Keys, _orthanc.DicomPort);

        // Orthanc checks the called AE title: it refuses the association for good (called AE not recognised).
        config["Gateway"]!["Peers"]![2]!["AeTitle"] = "NOTORTHANC";
        var files = TestObjects.Create(_dir.Combine("in"), 2);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        using var http = gateway.Http();

        var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);
        Assert.Equal(2, store.Successes);
        var letters = await WaitForDeadLettersAsync(http, 2);
        Assert.All(letters, l => Assert.Contains("rejected", l.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase));
        var sops = files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0')).Order().ToList();
        Assert.Equal(sops, letters.Select(l => l.GetProperty("sopInstanceUid").GetString()).Order());
        Assert.Contains(Audit.Read(config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>()), r => r.Get("event") == "dead-lettered" && r.Get("sopInstanceUid") == sops[0]);

        var retried = await (await http.PostAsync($"dead-letters/{letters[0].GetProperty("id").GetInt64()}/retry", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, retried.GetProperty("retried").GetInt32());
        await WaitForDeadLettersAsync(http, 2);

        // The same through dcg, as an administrator would.
        var url = $"http://127.0.0.1:{gateway.HttpPort}";
        var listed = await DcgPath.RunAsync("gateway", "dead-letter", "list", "--url", url);
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.All(sops, sop => Assert.Contains(sop, listed.Output, StringComparison.Ordinal));
        var purged = await DcgPath.RunAsync("gateway", "dead-letter", "purge", "--url", url);
        Assert.True(purged.ExitCode == 0, purged.Output);
        Assert.Contains("2 dead letter(s) purged", purged.Output, StringComparison.Ordinal);
        Assert.Empty(await http.GetFromJsonAsync<JsonElement[]>("dead-letters") ?? []);
        Assert.Empty(Directory.GetFiles(Path.Combine(config["Gateway"]!["Spool"]!["Path"]!.GetValue<string>(), "encrypted")));
    }

    [Fact]
    public async Task In_Sync_mode_a_store_is_answered_after_the_PACS_accepted_it()
    {
        var config = GatewayConfig.Create(_dir.Combine("gw"), Keys, _orthanc.DicomPort);
        config["Gateway"]!["Forward"]!["Mode"] = "Sync";
        var files = TestObjects.Create(_dir.Combine("in"), 3);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);

        var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);

        // No waiting: Orthanc must hold them all the moment storescu has its answers.
        Assert.Equal(3, store.Successes);
        Assert.Equal(3, await OrthancContents.CountAsync(_orthanc));
    }

    [Fact]
    public async Task SIGTERM_stops_the_gateway_gracefully_with_exit_code_0()
    {
        var config = GatewayConfig.Create(_dir.Combine("gw"), Keys, _orthanc.DicomPort);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);

        var exit = await gateway.StopAsync(TimeSpan.FromSeconds(40));

        Assert.True(exit == 0, gateway.Output);
        Assert.Contains("DICOM listener stopped", gateway.Output, StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> WaitForDeadLettersAsync(HttpClient http, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement[] letters = [];
        while (DateTime.UtcNow < deadline)
        {
            letters = await http.GetFromJsonAsync<JsonElement[]>("dead-letters") ?? [];
            if (letters.Length >= count)
            {
                return letters;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{letters.Length} dead letters, not {count}");
    }
}
