using System.Globalization;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// Query and retrieve through the gateway (issue 13): findscu, movescu and getscu against the
/// gateway in front of a PACS, on a study stored through the gateway (ciphertext in the PACS)
/// plus objects stored straight into the PACS that must fail alone: legacy plaintext (refused by
/// the default policy), one under a key the gateway lacks, one tampered, one whose private block
/// (the envelope) is gone. Run per PACS and Retrieve mode: Orthanc (<see cref="RetrieveTests"/>:
/// C-GET; <see cref="CMoveRetrieveTests"/>: C-MOVE to the gateway's own AE) and dcmqrscp
/// (<see cref="DcmqrscpRetrieveTests"/>, <see cref="DcmqrscpCMoveRetrieveTests"/>).
/// </summary>
public abstract class RetrieveScenarios(PacsGatewayFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new("dcg-retrieve");

    protected TempDirectory Dir => _dir;

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Findscu_through_the_gateway_returns_what_the_pacs_returns_at_every_level_in_both_models()
    {
        var (originals, _) = await StoreStudyAsync(3, mixed: false);
        var first = DicomFile.Open(originals[0]).Dataset;
        var patient = first.GetString(DicomTags.PatientID)!.Trim();
        var study = first.GetString(DicomTags.StudyInstanceUID)!.Trim();
        var series = first.GetString(DicomTags.SeriesInstanceUID)!.Trim();
        (string Model, string[] Keys)[] queries =
        [
            ("-P", ["QueryRetrieveLevel=PATIENT", $"PatientID={patient}", "PatientName", "PatientBirthDate", "PatientSex"]),
            ("-P", ["QueryRetrieveLevel=STUDY", $"PatientID={patient}", $"StudyInstanceUID={study}", "StudyDate", "AccessionNumber", "StudyDescription"]),
            ("-P", ["QueryRetrieveLevel=SERIES", $"PatientID={patient}", $"StudyInstanceUID={study}", "SeriesInstanceUID", "Modality", "SeriesNumber"]),
            ("-P", ["QueryRetrieveLevel=IMAGE", $"PatientID={patient}", $"StudyInstanceUID={study}", $"SeriesInstanceUID={series}", "SOPInstanceUID", "SOPClassUID", "InstanceNumber"]),
            ("-S", ["QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study}", "PatientID", "StudyDate", "ModalitiesInStudy"]),
            ("-S", ["QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study}", "SeriesInstanceUID", "Modality"]),
            ("-S", ["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study}", $"SeriesInstanceUID={series}", "SOPInstanceUID", "InstanceNumber"]),
        ];

        foreach (var (model, queryKeys) in queries)
        {
            string[] keys = [.. queryKeys, "RetrieveAETitle"];
            var direct = await FindAsync(model, keys, fixture.PacsPort, GatewayConfig.AeTitle, fixture.PacsAeTitle);
            var through = await FindAsync(model, keys, fixture.Gateway.DicomPort, GatewayConfig.Workstation, GatewayConfig.AeTitle);
            Assert.NotEmpty(direct);

            // The PACS answers Retrieve AE Title (Orthanc empty, dcmqrscp with its own AE title); through the
            // gateway it names the gateway, so a workstation that follows it does not go around it. Everything
            // else is the PACS's answer unchanged.
            Assert.All(direct, m => Assert.Contains("(0008,0054) AE ", m, StringComparison.Ordinal));
            Assert.All(through, m => Assert.Matches($@"\(0008,0054\) AE \[{GatewayConfig.AeTitle} ?\]", m));
            Assert.Equal(WithoutRetrieveAeTitle(direct), WithoutRetrieveAeTitle(through));
        }

        // A modality may not query.
        var refused = await DcmtkTools.RunAsync("findscu", ["-v", "-S", "-aet", GatewayConfig.Modality, "-aec", GatewayConfig.AeTitle, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", fixture.Gateway.DicomPort.ToString(CultureInfo.InvariantCulture)]);
        var refusedText = refused.StdOut + refused.StdErr;
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(refusedText, "0x0?124", System.Text.RegularExpressions.RegexOptions.IgnoreCase) && !refusedText.Contains("(Pending)", StringComparison.Ordinal), refusedText);
    }

    [Fact]
    public async Task Movescu_and_getscu_through_the_gateway_deliver_the_originals_byte_for_byte_and_fail_each_bad_instance_alone()
    {
        var (originals, bad) = await StoreStudyAsync(4, mixed: true);
        var study = StudyUid(originals[0]);
        var port = fixture.Gateway.DicomPort.ToString(CultureInfo.InvariantCulture);

        var moved = Directory.CreateDirectory(_dir.Combine("moved")).FullName;
        var moveText = await MoveStudyAsync(study, moved);
        AssertDelivered(originals, moved, moveText + fixture.Gateway.Output);
        AssertFinalWarning(moveText, failed: 4);
        Assert.All(bad, b => Assert.Contains(b.Uid, moveText, StringComparison.Ordinal));

        var got = Directory.CreateDirectory(_dir.Combine("got")).FullName;
        var getText = await GetStudyAsync(study, got);
        AssertDelivered(originals, got, getText + fixture.Gateway.Output);
        AssertFinalWarning(getText, failed: 4); // getscu does not print the Failed SOP Instance UID List

        // An unknown destination is refused with A801, before anything is retrieved.
        var unknown = await DcmtkTools.RunAsync("movescu", ["-d", "-S", "-aet", GatewayConfig.Workstation, "-aec", GatewayConfig.AeTitle, "-aem", "NOWHERE", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", port]);
        Assert.Matches(@"(?i)DIMSE Status\s+: 0xa801", unknown.StdOut + unknown.StdErr);

        // Every decryption audited: who, which instance, which key, for which destination; the legacy object refused.
        var audit = fixture.AuditRecords();
        foreach (var sop in originals.Select(Uid))
        {
            Assert.Contains(audit, r => r.Get("event") == "decrypted" && r.Get("outcome") == "success" && r.Get("sopInstanceUid") == sop && r.Get("callingAe") == GatewayConfig.Workstation && r.Get("peer") == GatewayConfig.Workstation && r.Get("calledAe") == fixture.PacsAeTitle && r.Get("keyId") == fixture.Keys.KeyId);
        }

        foreach (var (failure, uid) in bad)
        {
            Assert.Contains(audit, r => r.Get("event") == "decrypted" && r.Get("outcome") == "failure" && r.Get("sopInstanceUid") == uid && r.Get("reason")!.StartsWith(failure, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_cancel_during_a_move_stops_both_sides_and_ends_with_FE00_and_honest_counts()
    {
        var (originals, _) = await StoreStudyAsync(10, mixed: false);
        var uids = originals.Select(Uid).ToHashSet();
        var study = StudyUid(originals[0]);

        // WS1 keeps the second instance in flight (unanswered) until the test lets it go; it then refuses it.
        await using var destination = await RecordingDestination.StartAsync(GatewayConfig.Workstation, fixture.WorkstationPort);
        var secondInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        destination.Gate = async (index, ct) =>
        {
            if (index != 1)
            {
                return null;
            }

            secondInFlight.TrySetResult();
            await Task.WhenAny(release.Task, Task.Delay(TimeSpan.FromSeconds(60), ct)).ContinueWith(_ => { }, TaskScheduler.Default);
            return DicomStatus.OutOfResources;
        };

        var responses = new List<CRetrieveResponse>();
        using var cancel = new CancellationTokenSource();
        await using (var association = await GatewayClient.AssociateAsync(fixture.Gateway.DicomPort, GatewayConfig.Workstation, GatewayClient.MoveModel))
        {
            await foreach (var response in association.MoveAsync(GatewayClient.MoveModel, GatewayConfig.Workstation, GatewayClient.Study(study), cancel.Token))
            {
                responses.Add(response);
                if (response.Status.IsPending && !cancel.IsCancellationRequested)
                {
                    await secondInFlight.Task.WaitAsync(TimeSpan.FromSeconds(60));
                    await cancel.CancelAsync();
                }
            }
        }

        release.TrySetResult();
        var diagnostics = string.Join('\n', responses) + fixture.Gateway.Output;
        var final = responses[^1];
        Assert.True(final.Status == DicomStatus.Cancel, diagnostics);

        // Honest counts: one delivered (and held by WS1), the one in flight not counted, eight never delivered.
        Assert.True(final is { Completed: 1, Failed: 0, Warning: 0, Remaining: 9 }, diagnostics);
        var stored = Assert.Single(destination.Stored);
        Assert.Contains(stored.Request.SopInstanceUid, uids);

        // The PACS side stopped too: at most the one delivered, the one in flight, one queued and
        // one waiting for the queue were taken in and decrypted; later ones are refused unread.
        var decrypted = fixture.AuditRecords().Count(r => r.Get("event") == "decrypted" && uids.Contains(r.Get("sopInstanceUid")!));
        Assert.True(decrypted <= 4, $"{decrypted} of 10 instances decrypted\n{diagnostics}");
    }

    /// <summary>movescu (-d) moving the study to WS1, receiving on WS1's configured port into <paramref name="folder"/>; what it printed.</summary>
    protected async Task<string> MoveStudyAsync(string study, string folder)
    {
        var move = await DcmtkTools.RunAsync(
            "movescu",
            ["-d", "-S", "-aet", GatewayConfig.Workstation, "-aec", GatewayConfig.AeTitle, "-aem", GatewayConfig.Workstation, "+P", fixture.WorkstationPort.ToString(CultureInfo.InvariantCulture), "-od", folder, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", fixture.Gateway.DicomPort.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(3));
        return move.StdOut + move.StdErr;
    }

    /// <summary>getscu (-d) getting the study on WS1's own association into <paramref name="folder"/>; what it printed.</summary>
    protected async Task<string> GetStudyAsync(string study, string folder)
    {
        var get = await DcmtkTools.RunAsync(
            "getscu",
            ["-d", "-S", "-aet", GatewayConfig.Workstation, "-aec", GatewayConfig.AeTitle, "-od", folder, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", fixture.Gateway.DicomPort.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(3));
        return get.StdOut + get.StdErr;
    }

    /// <summary>DCMTK's debug dump of the final response: B000 with exactly <paramref name="failed"/> failed.</summary>
    protected static void AssertFinalWarning(string toolOutput, int failed)
    {
        Assert.Matches(@"(?i)DIMSE Status\s+: 0xb000", toolOutput);
        var counts = System.Text.RegularExpressions.Regex.Matches(toolOutput, @"Failed Suboperations\s+: (\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(counts.Count > 0 && counts[^1] == failed && counts.Max() == failed, $"failed counts {string.Join(", ", counts)}, not ending with {failed}\n{toolOutput}");
    }

    protected static void AssertDelivered(IReadOnlyList<string> originals, string folder, string toolOutput)
    {
        var received = Directory.GetFiles(folder).ToDictionary(Uid, p => p);
        Assert.True(received.Count == originals.Count, $"{received.Count} of {originals.Count} received\n{toolOutput}");
        foreach (var path in originals)
        {
            var sop = Uid(path);
            Assert.True(received.ContainsKey(sop), $"{sop} not received\n{toolOutput}");
            Assert.Equal(DatasetBytes(path), DatasetBytes(received[sop]));
        }
    }

    /// <summary>
    /// Stores <paramref name="count"/> objects of a new study through the gateway and, with
    /// <paramref name="mixed"/>, four more of the same study straight into the PACS: legacy
    /// plaintext (refused by the default policy), one encrypted under a key the gateway lacks,
    /// one encrypted under the gateway's key whose ciphertext pixels were then altered, and one
    /// encrypted under the gateway's key whose private block (group 7FD1, the envelope) was then
    /// removed, as a PACS that drops private elements would. Waits until the PACS holds them all
    /// (the gateway's forwarding is asynchronous; storescu's own store is not).
    /// The bad ones are listed with the failure they must get.
    /// </summary>
    protected async Task<(IReadOnlyList<string> Originals, List<(string Failure, string Uid)> Bad)> StoreStudyAsync(int count, bool mixed)
    {
        var files = TestObjects.Create(_dir.Combine($"in-{Guid.NewGuid():N}"), count + (mixed ? 4 : 0));
        var originals = files.Take(count).ToList();
        var store = await Storescu.SendAsync(fixture.Gateway.DicomPort, GatewayConfig.Modality, originals);
        Assert.True(store.Successes == originals.Count, store.Text + fixture.Gateway.Output);
        await Audit.WaitForForwardedAsync(fixture.LogDirectory, originals.Select(Uid).ToHashSet(), () => fixture.Gateway.Output + fixture.PacsOutput);
        var bad = new List<(string Failure, string Uid)>();
        if (mixed)
        {
            bad.Add((nameof(CipherObjectFailure.NotEncrypted), Uid(files[count])));

            var foreign = TestKeyring.Create(_dir.Combine("foreign"));
            using (var ring = foreign.Open())
            {
                new DicomObjectEncryptor(ring.Active).Encrypt(DicomFile.Open(files[count + 1])).Save(files[count + 1]);
            }

            bad.Add((nameof(CipherObjectFailure.KeyNotFound), Uid(files[count + 1])));
            using (var ring = fixture.Keys.Open())
            {
                var tampered = new DicomObjectEncryptor(ring.Active).Encrypt(DicomFile.Open(files[count + 2]));
                var pixels = tampered.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
                pixels[pixels.Length / 2] ^= 0x40;
                tampered.Dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
                tampered.Save(files[count + 2]);
            }

            bad.Add((nameof(CipherObjectFailure.Tampered), Uid(files[count + 2])));
            using (var ring = fixture.Keys.Open())
            {
                var stripped = new DicomObjectEncryptor(ring.Active).Encrypt(DicomFile.Open(files[count + 3]));
                Assert.True(stripped.Dataset.RemoveAll(tag => tag.Group == 0x7FD1) > 0);
                stripped.Save(files[count + 3]);
            }

            // A lost envelope leaves remnants (the ciphertext view's window explanation): tampered, never plaintext.
            bad.Add((nameof(CipherObjectFailure.Tampered), Uid(files[count + 3])));
            (await DcmtkTools.RunAsync("storescu", ["-aet", "LEGACY", "-aec", fixture.PacsAeTitle, "127.0.0.1", fixture.PacsPort.ToString(CultureInfo.InvariantCulture), .. files.Skip(count)])).EnsureSuccess();
        }

        return (originals, bad);
    }

    /// <summary>findscu's responses (-X), each as its dcmdump lines without group 0002, sorted: the matches as a set.</summary>
    private async Task<List<string>> FindAsync(string model, string[] keys, int port, string callingAe, string calledAe)
    {
        var folder = Directory.CreateDirectory(_dir.Combine($"find-{Guid.NewGuid():N}")).FullName;
        var args = new List<string> { model, "-X", "-od", folder, "-aet", callingAe, "-aec", calledAe };
        foreach (var key in keys)
        {
            args.Add("-k");
            args.Add(key);
        }

        args.Add("127.0.0.1");
        args.Add(port.ToString(CultureInfo.InvariantCulture));
        var result = await DcmtkTools.RunAsync("findscu", args);
        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr + fixture.Gateway.Output);
        var matches = new List<string>();
        foreach (var file in Directory.GetFiles(folder))
        {
            var dump = await DcmtkTools.DumpAsync(file);
            matches.Add(string.Join('\n', dump.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('(') && !l.StartsWith("(0002,", StringComparison.Ordinal))));
        }

        matches.Sort(StringComparer.Ordinal);
        return matches;
    }

    private static List<string> WithoutRetrieveAeTitle(List<string> matches) =>
        [.. matches.Select(m => string.Join('\n', m.Split('\n').Where(l => !l.StartsWith("(0008,0054)", StringComparison.Ordinal)))).Order(StringComparer.Ordinal)];

    protected static string Uid(string path) => DicomFile.Open(path).Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim();

    protected static string StudyUid(string path) => DicomFile.Open(path).Dataset.GetString(DicomTags.StudyInstanceUID)!.Trim();

    private static byte[] DatasetBytes(string path)
    {
        var file = DicomFile.Open(path);
        return File.ReadAllBytes(path)[(int)file.DatasetOffset..];
    }
}

/// <summary>The retrieve scenarios with Orthanc retrieved from by C-GET on the gateway's association.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RetrieveTests(GatewayFixture fixture) : RetrieveScenarios(fixture);
