using System.Text.Json;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>What Orthanc holds, through its REST API.</summary>
internal static class OrthancContents
{
    public static async Task<int> CountAsync(OrthancPeer orthanc)
    {
        using var http = orthanc.Http();
        using var doc = JsonDocument.Parse(await http.GetStringAsync("statistics"));
        return doc.RootElement.GetProperty("CountInstances").GetInt32();
    }

    public static async Task WaitForCountAsync(OrthancPeer orthanc, int expected, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var count = 0;
        while (DateTime.UtcNow < deadline)
        {
            count = await CountAsync(orthanc);
            if (count >= expected)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Orthanc holds {count} instances, not {expected}, after {timeout}.\n{diagnostics?.Invoke()}");
    }

    /// <summary>SOP Instance UID → the Part 10 file Orthanc stored.</summary>
    public static async Task<Dictionary<string, byte[]>> FilesAsync(OrthancPeer orthanc)
    {
        using var http = orthanc.Http();
        using var ids = JsonDocument.Parse(await http.GetStringAsync("instances"));
        var files = new Dictionary<string, byte[]>();
        foreach (var id in ids.RootElement.EnumerateArray().Select(e => e.GetString()!))
        {
            using var tags = JsonDocument.Parse(await http.GetStringAsync($"instances/{id}/simplified-tags"));
            files[tags.RootElement.GetProperty("SOPInstanceUID").GetString()!] = await http.GetByteArrayAsync($"instances/{id}/file");
        }

        return files;
    }

    public static async Task ClearAsync(OrthancPeer orthanc)
    {
        using var http = orthanc.Http();
        using var ids = JsonDocument.Parse(await http.GetStringAsync("instances"));
        foreach (var id in ids.RootElement.EnumerateArray().Select(e => e.GetString()!))
        {
            (await http.DeleteAsync($"instances/{id}")).EnsureSuccessStatusCode();
        }
    }
}
