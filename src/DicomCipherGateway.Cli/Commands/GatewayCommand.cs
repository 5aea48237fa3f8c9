using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace DicomCipherGateway.Cli.Commands;

/// <summary><c>dcg gateway dead-letter list|retry|purge</c>: the running gateway's dead letters, through its HTTP endpoint.</summary>
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

        return new Command("gateway", "Administer a running gateway service.") { deadLetter };
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
