using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg gateway dead-letter list|retry|purge</c> and <c>dcg gateway key list|activate|retire</c>:
/// a running gateway's dead letters and keys, through its HTTP endpoint.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The gateway's HTTP endpoint (Gateway:Http:Url).", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var deadLetter = new Command("dead-letter", "Objects the PACS refused for good: list them, queue them again, or delete them.");
        var list = new Command("list", "List the dead letters: spool id, SOP Instance UID, sender, attempts and reason.") { url };
        list.SetAction((result, ct) => RunAsync(async http =>
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("dead-letters", ct));
            var count = 0;
            foreach (var letter in doc.RootElement.EnumerateArray())
            {
                count++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{letter.GetProperty("id").GetInt64()}\t{letter.GetProperty("sopInstanceUid").GetString()}\tfrom {letter.GetProperty("callingAeTitle").GetString()}\t{letter.GetProperty("attempts").GetInt32()} attempt(s)\t{letter.GetProperty("reason").GetString()}"));
            }

            Console.Error.WriteLine($"{count} dead letter(s)");
            return ExitCodes.Success;
        }, result.GetValue(url)!));
        deadLetter.Subcommands.Add(list);
        foreach (var (name, description, method) in new[]
        {
            ("retry", "Queue dead letters again (all, or --id).", HttpMethod.Post),
            ("purge", "Delete dead letters and their files (all, or --id).", HttpMethod.Delete),
        })
        {
            var id = new Option<long?>("--id") { Description = "One dead letter's spool id (from list); all when omitted." };
            var verb = new Command(name, description) { url, id };
            verb.SetAction((result, ct) => RunAsync(async http =>
            {
                var path = result.GetValue(id) is { } one ? $"dead-letters/{one}" : "dead-letters";
                using var request = new HttpRequestMessage(method, method == HttpMethod.Post ? path + "/retry" : path);
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                var count = doc.RootElement.GetProperty(name == "retry" ? "retried" : "purged").GetInt32();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} dead letter(s) {(name == "retry" ? "queued again" : "purged")}"));
                return ExitCodes.Success;
            }, result.GetValue(url)!));
            deadLetter.Subcommands.Add(verb);
        }

        return new Command("gateway", "Administer a running gateway service.") { deadLetter, KeyCommands(url) };
    }

    private static Command KeyCommands(Option<string> url)
    {
        var key = new Command("key", "The running gateway's keys: list them, make one active (rotation without a restart), retire one.");
        var list = new Command("list", "List the keyring: key id, active, objects in the spool that still need the key, file.") { url };
        list.SetAction((result, ct) => RunAsync(async http =>
        {
            using var response = await http.GetAsync("keys", ct);
            using var doc = await ReadAsync(response, ct);
            foreach (var k in doc.RootElement.GetProperty("keys").EnumerateArray())
            {
                var file = k.GetProperty("file").ValueKind == JsonValueKind.String ? k.GetProperty("file").GetString() : "(file missing: the loaded copy still encrypts)";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k.GetProperty("keyId").GetString()}	{(k.GetProperty("active").GetBoolean() ? "active" : "-")}	{k.GetProperty("spoolObjects").GetInt32()} in spool	{file}"));
            }

            return ExitCodes.Success;
        }, result.GetValue(url)!));
        key.Subcommands.Add(list);
        foreach (var (name, description) in new[]
        {
            ("activate", "Make KEY-ID the key that encrypts from now on (its file must be in the keyring folder). Also set Gateway:Cipher:ActiveKeyId, or a restart returns to the configured key."),
            ("retire", "Move KEY-ID's file into the keyring's retired/ folder; refused for the active key and for a key objects in the spool still need."),
        })
        {
            var id = new Argument<string>("KEY-ID") { Description = "32 hex digits (dcg gateway key list, dcg key info)" };
            var verb = new Command(name, description) { id, url };
            verb.SetAction((result, ct) => RunAsync(async http =>
            {
                using var response = await http.PostAsync($"keys/{Uri.EscapeDataString(result.GetValue(id)!)}/{name}", null, ct);
                using var doc = await ReadAsync(response, ct);
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"dcg: {doc.RootElement.GetProperty("error").GetString()}");
                    return ExitCodes.OperationFailed;
                }

                Console.WriteLine(name == "activate"
                    ? $"active key {doc.RootElement.GetProperty("activeKeyId").GetString()} (was {doc.RootElement.GetProperty("previousKeyId").GetString()})"
                    : $"key {doc.RootElement.GetProperty("retiredKeyId").GetString()} retired: {doc.RootElement.GetProperty("movedTo").GetString()} (keep it as long as the PACS holds ciphertext made with it)");
                return ExitCodes.Success;
            }, result.GetValue(url)!));
            key.Subcommands.Add(verb);
        }

        return key;
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{\"error\":\"HTTP " + (int)response.StatusCode + "\"}" : text);
    }

    private static async Task<int> RunAsync(Func<HttpClient, Task<int>> body, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri))
        {
            Console.Error.WriteLine($"dcg: --url '{url}' is not a URL.");
            return ExitCodes.Usage;
        }

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            return await body(http);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            Console.Error.WriteLine($"dcg: the gateway at {url} did not answer as expected ({e.Message}).");
            return ExitCodes.NetworkFailed;
        }
    }
}
