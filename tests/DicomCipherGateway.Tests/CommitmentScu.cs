using System.Text.Json;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>Our library's storage commitment SCU as the modality CT1 (DCMTK 3.6.7 has no such tool); the report is awaited on the same association.</summary>
internal static class CommitmentScu
{
    public static SopReference Reference(string path)
    {
        var dataset = DicomFile.Open(path).Dataset;
        return new SopReference(dataset.GetString(DicomTags.SOPClassUID)!.Trim(), dataset.GetString(DicomTags.SOPInstanceUID)!.Trim());
    }

    /// <summary>Stores <paramref name="count"/> new objects through the gateway as CT1 and waits until the PACS accepted each; their references.</summary>
    public static async Task<List<SopReference>> StoreForwardedAsync(int gatewayPort, string logDirectory, string folder, int count, Func<string> diagnostics)
    {
        var files = TestObjects.Create(folder, count);
        var store = await Storescu.SendAsync(gatewayPort, GatewayConfig.Modality, files);
        Assert.True(store.Successes == count, store.Text + diagnostics());
        var references = files.Select(Reference).ToList();
        await Audit.WaitForForwardedAsync(logDirectory, [.. references.Select(r => r.SopInstanceUid)], diagnostics);
        return references;
    }

    public static async Task<StorageCommitmentResult> RequestAsync(int gatewayPort, IReadOnlyList<SopReference> references)
    {
        await using var association = await GatewayClient.AssociateAsync(gatewayPort, GatewayConfig.Modality, DicomUids.StorageCommitmentPushModelSOPClass);
        var ticket = await association.RequestStorageCommitmentAsync(references, CancellationToken.None);
        Assert.Equal(DicomStatus.Success, ticket.Status);
        var report = await association.WaitForStorageCommitmentAsync(ticket.TransactionUid, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(ticket.TransactionUid, report.TransactionUid);
        await association.ReleaseAsync(CancellationToken.None);
        return report;
    }

    /// <summary>The gateway's compact-JSON log, all of it.</summary>
    public static string Log(string logDirectory) => string.Concat(Directory.GetFiles(logDirectory, "gateway-*.json").Select(file =>
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }));

    public static bool HasEvent(this string log, int id) => log.Contains($"\"Id\":{id},", StringComparison.Ordinal);

    public static async Task DeleteFromOrthancAsync(OrthancPeer orthanc, string sopInstanceUid)
    {
        using var http = orthanc.Http();
        using var lookup = await http.PostAsync("tools/lookup", new StringContent(sopInstanceUid));
        lookup.EnsureSuccessStatusCode();
        using var found = JsonDocument.Parse(await lookup.Content.ReadAsStringAsync());
        var id = found.RootElement.EnumerateArray().Single(e => e.GetProperty("Type").GetString() == "Instance").GetProperty("ID").GetString();
        (await http.DeleteAsync($"instances/{id}")).EnsureSuccessStatusCode();
    }
}
