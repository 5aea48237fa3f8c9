using System.Text.Json;

namespace DicomCipherGateway.Tests;

/// <summary>Reads a gateway's audit trail (audit-*.jsonl).</summary>
internal static class Audit
{
    public static IReadOnlyList<JsonElement> Read(string logDirectory)
    {
        if (!Directory.Exists(logDirectory))
        {
            return [];
        }

        var records = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(logDirectory, "audit-*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                {
                    records.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
            }
        }

        return records;
    }

    /// <summary>Waits until every one of <paramref name="uids"/> has a <c>forwarded</c> record: the PACS has accepted it.</summary>
    public static async Task WaitForForwardedAsync(string logDirectory, HashSet<string> uids, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var forwarded = Read(logDirectory).Where(r => r.Get("event") == "forwarded").Select(r => r.Get("sopInstanceUid")!).ToHashSet();
            if (uids.IsSubsetOf(forwarded))
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"not all forwarded to the PACS\n{diagnostics()}");
    }

    public static string? Get(this JsonElement record, string name) => record.TryGetProperty(name, out var value) ? value.ToString() : null;
}
