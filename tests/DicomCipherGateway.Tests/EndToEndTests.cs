using System.Net;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>storescu → gateway → Orthanc, and what Orthanc ends up holding.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EndToEndTests(GatewayFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-e2e");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Orthanc_holds_ciphertext_with_every_other_element_unchanged_and_decryption_restores_the_originals_byte_for_byte()
    {
        var originals = TestObjects.Create(_dir.Combine("in"), 6);
        var before = await OrthancContents.CountAsync(fixture.Orthanc);

        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, originals);

        Assert.True(store.Successes == originals.Count, store.Text + fixture.Gateway.Output);
        await OrthancContents.WaitForCountAsync(fixture.Orthanc, before + originals.Count, TimeSpan.FromMinutes(2), () => fixture.Gateway.Output);
        var held = await OrthancContents.FilesAsync(fixture.Orthanc);
        using var keyring = fixture.Keys.Open();
        var decryptor = new DicomObjectDecryptor(keyring);
        foreach (var path in originals)
        {
            var original = DicomFile.Open(path);
            var sop = original.Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0');
            var copyPath = _dir.File(sop + ".orthanc.dcm");
            await File.WriteAllBytesAsync(copyPath, held[sop]);
            var copy = DicomFile.Open(copyPath);

            Assert.True(DicomObjectDecryptor.IsEncrypted(copy.Dataset), $"{sop} has no DICOMCIPHERGATEWAY private block");
            Assert.NotEqual(
                original.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray(),
                copy.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray());
            await AssertOtherElementsUnchangedAsync(path, copyPath);

            var decryptedPath = _dir.File(sop + ".decrypted.dcm");
            decryptor.Decrypt(copy).Save(decryptedPath);
            Assert.Equal(DatasetBytes(path), DatasetBytes(decryptedPath));
        }

        var audit = fixture.AuditRecords();
        foreach (var sop in originals.Select(p => DicomFile.Open(p).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0')))
        {
            Assert.Contains(audit, r => r.Get("event") == "received" && r.Get("sopInstanceUid") == sop && r.Get("callingAe") == GatewayConfig.Modality && r.Get("keyId") == fixture.Keys.KeyId);
            Assert.Contains(audit, r => r.Get("event") == "encrypted" && r.Get("sopInstanceUid") == sop && r.Get("view") == "g");
            Assert.Contains(audit, r => r.Get("event") == "forwarded" && r.Get("sopInstanceUid") == sop && r.Get("peer") == OrthancPeer.AeTitle);
        }

        // No patient name or ID in the logs or the audit trail.
        var patientName = DicomFile.Open(originals[0]).Dataset.GetString(DicomTags.PatientName)!.Trim();
        var patientId = DicomFile.Open(originals[0]).Dataset.GetString(DicomTags.PatientID)!.Trim();
        foreach (var log in Directory.GetFiles(fixture.LogDirectory))
        {
            var text = await ReadSharedAsync(log);
            Assert.DoesNotContain(patientName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(patientId, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(patientName, fixture.Gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JPEG_object_G_cannot_render_is_accepted_sealed_with_the_noise_view_and_audited_so()
    {
        var plain = TestObjects.Create(_dir.Combine("plain"), 1, size: 64)[0];
        var jpeg = _dir.File("jpeg.dcm");
        (await DcmtkTools.RunAsync("dcmcjpeg", plain, jpeg)).EnsureSuccess();
        var sop = DicomFile.Open(jpeg).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0');
        Assert.NotEqual("1.2.840.10008.1.2.1", DicomFile.Open(jpeg).TransferSyntax.Uid);

        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, [jpeg], null, "--propose-lossless");

        Assert.True(store.Successes == 1, store.Text);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!fixture.AuditRecords().Any(r => r.Get("event") == "forwarded" && r.Get("sopInstanceUid") == sop) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Contains(fixture.AuditRecords(), r => r.Get("event") == "encrypted" && r.Get("outcome") == "noise-view" && r.Get("sopInstanceUid") == sop && r.Get("view") == "noise");
        var held = await OrthancContents.FilesAsync(fixture.Orthanc);
        var copyPath = _dir.File("jpeg.orthanc.dcm");
        await File.WriteAllBytesAsync(copyPath, held[sop]);
        using var keyring = fixture.Keys.Open();
        var decrypted = _dir.File("jpeg.decrypted.dcm");
        new DicomObjectDecryptor(keyring).Decrypt(DicomFile.Open(copyPath)).Save(decrypted);
        Assert.Equal(DatasetBytes(jpeg), DatasetBytes(decrypted));
    }

    [Fact]
    public async Task Storage_commitment_is_reported_once_the_PACS_holds_the_instances()
    {
        var files = TestObjects.Create(_dir.Combine("commit"), 3);
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { DcgPath.Dll, "store", "-p", fixture.Gateway.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--aet", GatewayConfig.Modality, "--aec", GatewayConfig.AeTitle, "--commit", "--commit-timeout", "90" }.Concat(files))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output + fixture.Gateway.Output);
        Assert.Matches(@"Storage commitment [0-9.]+: 3 committed, 0 not committed", output);
        var forwarded = fixture.AuditRecords().Where(r => r.Get("event") == "forwarded").Select(r => r.Get("sopInstanceUid")).ToHashSet();
        var ours = files.Select(ConcurrentMoves.Uid).ToHashSet();
        var committed = fixture.AuditRecords().Where(r => r.Get("event") == "commitment" && r.Get("outcome") == "committed" && ours.Contains(r.Get("sopInstanceUid")!)).Select(r => r.Get("sopInstanceUid")).ToList();
        Assert.Equal(3, committed.Count(forwarded.Contains));
    }

    [Fact]
    public async Task Health_readiness_and_metrics_are_served_on_the_http_endpoint()
    {
        using var http = fixture.Gateway.Http();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpResponseMessage ready;
        while ((ready = await http.GetAsync("readyz")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        Assert.Contains(fixture.Keys.KeyId, await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var metrics = await http.GetStringAsync("metrics");
        foreach (var name in new[]
        {
            "dcg_queue_depth", "dcg_instances_received_total", "dcg_instances_encrypted_total", "dcg_instances_forwarded_total",
            "dcg_forward_failures_total", "dcg_instances_dead_lettered_total", "dcg_received_bytes_total", "dcg_cipher_seconds_bucket",
            "dcg_forward_seconds_bucket", "dcg_cipher_device_info", "dcg_circuit_state", "dcg_pacs_reachable",
        })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        Assert.Contains($"dcg_active_key_info{{key_id=\"{fixture.Keys.KeyId}\"}} 1", metrics, StringComparison.Ordinal);
    }

    private static byte[] DatasetBytes(string path)
    {
        var file = DicomFile.Open(path);
        return File.ReadAllBytes(path)[(int)file.DatasetOffset..];
    }

    /// <summary>dcmdump lines of the original, minus group 0002 and the pixel elements the cipher rewrites, all appear in the copy.</summary>
    private static async Task AssertOtherElementsUnchangedAsync(string originalPath, string copyPath)
    {
        string[] rewritten =
        [
            "(0028,0002)", "(0028,0004)", "(0028,0006)", "(0028,0100)", "(0028,0101)", "(0028,0102)", "(0028,0103)", "(0028,0106)", "(0028,0107)",
            "(0028,1050)", "(0028,1051)", "(0028,1052)", "(0028,1053)", "(0028,1055)", "(7fe0,0010)",
        ];
        var copy = (await DcmtkTools.DumpAsync(copyPath, "+L")).Split('\n').Select(l => l.Trim()).ToHashSet();
        var original = (await DcmtkTools.DumpAsync(originalPath, "+L")).Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith('(') && !l.StartsWith("(0002,", StringComparison.Ordinal) && !rewritten.Any(t => l.StartsWith(t, StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(original);
        Assert.All(original, line => Assert.Contains(line, copy));
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
