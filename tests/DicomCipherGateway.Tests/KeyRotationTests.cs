using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Operations;
using DicomCipherGateway.TestSupport;
using TorchSharp;

namespace DicomCipherGateway.Tests;

/// <summary>
/// Key rotation while the gateway runs (issue 14): by the admin endpoint and by a reloaded
/// configuration file, with stores flowing meanwhile; retiring a key the spool still needs is
/// refused; an active key whose file vanishes keeps encrypting from its loaded copy.
/// </summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-rotation");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Keys_rotate_under_load_every_object_decrypts_with_the_key_it_names_and_a_needed_key_cannot_be_retired()
    {
        var keys = TestKeyring.Create(_dir.Path);
        var keyA = keys.KeyId;
        var keyB = keys.AddKey("second", 6);
        var keyC = keys.AddKey("third", 7);
        var gatewayPort = FreePort.Next();
        var workstationPort = FreePort.Next();
        var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = (GatewayConfig.AeTitle, gatewayPort) });
        await using var stopOrthanc = new StopOnce(orthanc);
        var config = GatewayConfig.Create(_dir.Combine("gw"), keys, orthanc.DicomPort, port: gatewayPort, workstationPort: workstationPort);
        var configPath = _dir.File("gateway.json");
        await using var gateway = await GatewayProcess.StartReadyAsync(configPath, config);
        using var http = gateway.Http();

        // Objects of one study sent two at a time, one association after the other, until both
        // rotations are done and two more batches went through: stores keep flowing while the key changes.
        var prepared = TestObjects.Create(_dir.Combine("in"), 60);
        var stopSending = new TaskCompletionSource();
        var acknowledgedAt = new List<DateTime>();
        var sending = Task.Run(async () =>
        {
            var sent = new List<string>();
            var afterStop = 0;
            foreach (var batch in prepared.Chunk(2))
            {
                var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, batch);
                Assert.True(store.Successes == batch.Length, store.Text + gateway.Output);
                sent.AddRange(batch);
                lock (acknowledgedAt)
                {
                    acknowledgedAt.Add(DateTime.UtcNow);
                }

                if (stopSending.Task.IsCompleted && ++afterStop == 2)
                {
                    break;
                }
            }

            return sent;
        });

        // 1. The configuration file names B once A has encrypted and forwarded some objects: the reload activates it, no restart.
        await OrthancContents.WaitForCountAsync(orthanc, 4, TimeSpan.FromMinutes(2), () => gateway.Output);
        config["Gateway"]!["Cipher"]!["ActiveKeyId"] = keyB;
        await File.WriteAllTextAsync(configPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await WaitForAsync(async () => await ActiveKeyAsync(http) == keyB, TimeSpan.FromSeconds(30), "the reloaded configuration did not activate key B:\n" + gateway.Output);
        var firstRotation = DateTime.UtcNow;

        // 2. The admin endpoint activates A again.
        // ... once stores were acknowledged after the first rotation and B has encrypted something.
        var logDirectory = config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();
        await WaitForAsync(
            () =>
            {
                lock (acknowledgedAt)
                {
                    return Task.FromResult(acknowledgedAt.Count(t => t > firstRotation) >= 2 && Audit.Read(logDirectory).Any(r => r.Get("event") == "encrypted" && r.Get("keyId") == keyB));
                }
            },
            TimeSpan.FromMinutes(2),
            "key B encrypted nothing:\n" + gateway.Output);
        lock (acknowledgedAt)
        {
            Assert.True(acknowledgedAt.Count < prepared.Count / 2, "most prepared objects were sent before the second rotation; prepare more");
        }

        using (var activate = await http.PostAsync($"keys/{keyA}/activate", null))
        {
            var body = await activate.Content.ReadAsStringAsync();
            Assert.True(activate.IsSuccessStatusCode, body);
            Assert.Contains(keyB, body, StringComparison.Ordinal);
        }

        Assert.Equal(keyA, await ActiveKeyAsync(http));
        var secondRotation = DateTime.UtcNow;
        stopSending.SetResult();
        var originals = await sending;
        lock (acknowledgedAt)
        {
            Assert.True(acknowledgedAt.Any(t => t > firstRotation && t < secondRotation) && acknowledgedAt.Any(t => t > secondRotation), "no store was acknowledged between or after the rotations: the test did not rotate under load");
        }

        await OrthancContents.WaitForCountAsync(orthanc, originals.Count, TimeSpan.FromMinutes(2), () => gateway.Output);
        Assert.False(gateway.HasExited, gateway.Output);

        // Every object in the PACS is ciphertext that decrypts, bit for bit, with the key it names;
        // the audit names the same key; both keys were used.
        var held = await OrthancContents.FilesAsync(orthanc);
        using var kek = KeyEncryptionKey.FromFile(keys.KekFile);
        using var keyring = new Keyring(keys.Directory, KeyId.Parse(keyA), kek, torch.CPU);
        var decryptor = new DicomObjectDecryptor(keyring);
        var audit = Audit.Read(logDirectory);
        var used = new Dictionary<string, int>();
        foreach (var path in originals)
        {
            var original = DicomFile.Open(path);
            var sop = original.Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0');
            var copy = DicomFile.Read(new MemoryStream(held[sop]));
            Assert.True(DicomObjectDecryptor.IsEncrypted(copy.Dataset), $"{sop} is not ciphertext in the PACS");
            var result = decryptor.Open(copy);
            var named = result.KeyId!.Value.ToString();
            used[named] = used.GetValueOrDefault(named) + 1;
            DicomAssert.SameObjects([path], [Save(result.File, sop)]);
            Assert.Contains(audit, r => r.Get("event") == "encrypted" && r.Get("sopInstanceUid") == sop && r.Get("keyId") == named);
        }

        Assert.True(used.ContainsKey(keyA) && used.ContainsKey(keyB), "keys used: " + string.Join(", ", used.Select(u => $"{u.Key}×{u.Value}")));

        // The gateway decrypts both generations on the way out (C-GET of the whole study).
        var study = DicomFile.Open(originals[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!.Trim();
        var got = Directory.CreateDirectory(_dir.Combine("got")).FullName;
        var get = await DcmtkTools.RunAsync("getscu", ["-S", "-aet", GatewayConfig.Workstation, "-aec", GatewayConfig.AeTitle, "-od", got, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", gatewayPort.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(3));
        DicomAssert.SameObjects(originals, Directory.GetFiles(got));
        Assert.Equal(0, get.ExitCode);

        // Retiring the active key is refused.
        await AssertRetireRefusedAsync(http, keyA, "active key");

        // With the PACS gone, an object encrypted under B waits in the spool: B cannot be retired then.
        await stopOrthanc.DisposeAsync();
        (await http.PostAsync($"keys/{keyB}/activate", null)).EnsureSuccessStatusCode();
        var late = TestObjects.Create(_dir.Combine("late"), 1, prefix: "late");
        Assert.Equal(1, (await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, late)).Successes);
        await WaitForAsync(() => NothingReceivedAsync(http), TimeSpan.FromSeconds(60), "the late object was not encrypted:\n" + gateway.Output);
        (await http.PostAsync($"keys/{keyA}/activate", null)).EnsureSuccessStatusCode();
        await AssertRetireRefusedAsync(http, keyB, "still need it");
        using (var list = JsonDocument.Parse(await http.GetStringAsync("keys")))
        {
            var b = list.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == keyB);
            Assert.Equal(1, b.GetProperty("spoolObjects").GetInt32());
        }

        Assert.True(File.Exists(Path.Combine(keys.Directory, "second" + KeyFile.Extension)), "a refused retire moved the key file");

        // The active key's file vanishes: /readyz says so, the loaded copy keeps sealing and encrypting; nothing is lost.
        File.Move(Path.Combine(keys.Directory, "test" + KeyFile.Extension), _dir.File("test.moved"));
        using (var ready = await http.GetAsync("readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("has no file in the keyring", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await WaitForAsync(() => Task.FromResult(gateway.Output.Contains("has no file in the keyring", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the missing key file was not logged:\n" + gateway.Output);

        var afterVanish = TestObjects.Create(_dir.Combine("vanish"), 2, prefix: "vanish");
        Assert.Equal(2, (await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, afterVanish)).Successes);
        await WaitForAsync(() => NothingReceivedAsync(http), TimeSpan.FromSeconds(60), "objects stayed Received after the key file vanished:\n" + gateway.Output);
        using (var queue = JsonDocument.Parse(await http.GetStringAsync("queue")))
        {
            var waiting = queue.RootElement.EnumerateObject().Where(p => p.Name is "Encrypted" or "DeadLetter").Sum(p => p.Value.GetInt64());
            Assert.Equal(3, waiting); // the late object and the two sent after the file vanished, all encrypted, none lost
        }

        // With dcg: a key nothing needs is retired (its file moves to retired/), a needed one is refused with the reason.
        var url = $"http://127.0.0.1:{gateway.HttpPort}";
        var refused = await DcgPath.RunAsync("gateway", "key", "retire", keyB, "--url", url);
        Assert.True(refused.ExitCode == 22 && refused.Output.Contains("still need it", StringComparison.Ordinal), refused.Output);
        var retired = await DcgPath.RunAsync("gateway", "key", "retire", keyC, "--url", url);
        Assert.True(retired.ExitCode == 0, retired.Output);
        Assert.True(File.Exists(Path.Combine(keys.Directory, KeyEndpoints.RetiredFolder, "third" + KeyFile.Extension)) && !File.Exists(Path.Combine(keys.Directory, "third" + KeyFile.Extension)), retired.Output);
        var listed = await DcgPath.RunAsync("gateway", "key", "list", "--url", url);
        Assert.True(listed.ExitCode == 0 && listed.Output.Contains(keyB, StringComparison.Ordinal) && !listed.Output.Contains(keyC, StringComparison.Ordinal), listed.Output);
        Assert.Contains("file missing", listed.Output, StringComparison.Ordinal); // A, active, its file gone

        Assert.Equal(0, await gateway.StopAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<string?> ActiveKeyAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("keys"));
        return doc.RootElement.GetProperty("activeKeyId").GetString();
    }

    /// <summary>True once no object waits for encryption (all sealed objects are ciphertext now).</summary>
    private static async Task<bool> NothingReceivedAsync(HttpClient http)
    {
        using var queue = JsonDocument.Parse(await http.GetStringAsync("queue"));
        return !queue.RootElement.TryGetProperty("Received", out var received) || received.GetInt64() == 0;
    }

    private static async Task AssertRetireRefusedAsync(HttpClient http, string keyId, string reason)
    {
        using var response = await http.PostAsync($"keys/{keyId}/retire", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string message)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail(message);
    }

    private string Save(DicomFile file, string sop)
    {
        var path = _dir.File(sop + ".decrypted.dcm");
        file.Save(path);
        return path;
    }

    /// <summary>Stops a peer once, whether the test stops it on purpose or the test ends.</summary>
    private sealed class StopOnce(IAsyncDisposable peer) : IAsyncDisposable
    {
        private bool _stopped;

        public async ValueTask DisposeAsync()
        {
            if (!_stopped)
            {
                _stopped = true;
                await peer.DisposeAsync();
            }
        }
    }
}
