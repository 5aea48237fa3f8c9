using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// What the gateway acknowledged arrives, whatever happens after: the PACS down in the middle of
/// a batch, the gateway killed with SIGKILL while receiving, encrypting and forwarding. And the
/// spool never holds the originals' pixels. Each test runs its own Orthanc and gateway.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private static readonly TestKeyring Keys = TestKeyring.CreateTemporary("dcg-durability-keys-");
    private readonly TempDirectory _dir = new("dcg-durability");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task With_Orthanc_stopped_in_the_middle_of_200_stores_every_store_succeeds_and_all_200_arrive_once_it_is_back()
    {
        const int count = 200;
        var files = TestObjects.Create(_dir.Combine("in"), count);
        var orthancDir = _dir.Combine("orthanc");
        var orthanc = await OrthancPeer.StartAsync(orthancDir, new Dictionary<string, (string, int)>());
        var (dicomPort, httpPort) = (orthanc.DicomPort, orthanc.HttpPort);
        var config = GatewayConfig.Create(_dir.Combine("gw"), Keys, dicomPort);
        await using var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        try
        {
            var sending = Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);
            await OrthancContents.WaitForCountAsync(orthanc, 10, TimeSpan.FromMinutes(2), () => gateway.Output);
            await orthanc.DisposeAsync();
            var store = await sending;
            var arrivedBefore = Audit.Read(LogDirectory(config)).Count(r => r.Get("event") == "forwarded");

            Assert.True(store.Successes == count, $"{store.Successes} of {count} acknowledged:\n{store.Text}");
            Assert.True(arrivedBefore < count, "Orthanc was stopped after everything arrived; the test proved nothing");

            orthanc = await OrthancPeer.StartAsync(orthancDir, new Dictionary<string, (string, int)>(), dicomPort, httpPort);
            await OrthancContents.WaitForCountAsync(orthanc, count, TimeSpan.FromMinutes(3), () => gateway.Output);
            var held = await OrthancContents.FilesAsync(orthanc);
            Assert.Equal(SopInstances(files).Order(), held.Keys.Order());
            Assert.Contains(Audit.Read(LogDirectory(config)), r => r.Get("event") == "forwarded");
        }
        finally
        {
            await orthanc.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_instance_acknowledged_before_a_SIGKILL_arrives_after_the_restart_and_the_spool_holds_no_plaintext()
    {
        var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)>());
        await using var _ = orthanc;
        var config = GatewayConfig.Create(_dir.Combine("gw"), Keys, orthanc.DicomPort);
        var spool = config["Gateway"]!["Spool"]!["Path"]!.GetValue<string>();
        var acknowledged = new List<string>();
        var needles = new List<byte[]>();
        var scanned = 0;

        // 1. Killed while receiving: storescu is still sending.
        var first = TestObjects.Create(_dir.Combine("in1"), 80, prefix: "a");
        needles.AddRange(PlaintextScan.Needles(first));
        var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        try
        {
            var sending = Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, first);
            await WaitForAsync(() => Audit.Read(LogDirectory(config)).Count(r => r.Get("event") == "received") >= 15, gateway);
            await gateway.KillAsync();
            var store = await sending;
            Assert.True(store.Successes < first.Count, "storescu finished before the kill; the test proved nothing");
            AssertTheRestWasReportedFailed(store, first);
            acknowledged.AddRange(first.Take(store.Successes));
            scanned += AssertNoPlaintext(spool, needles);
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        // 2. Killed right after storescu finished: objects waiting for G or on their way to the PACS.
        var second = TestObjects.Create(_dir.Combine("in2"), 40, prefix: "b");
        needles.AddRange(PlaintextScan.Needles(second));
        gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        try
        {
            var store = await Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, second);
            await gateway.KillAsync();
            Assert.True(store.Successes == second.Count, store.Text);
            acknowledged.AddRange(second);
            scanned += AssertNoPlaintext(spool, needles);
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        // 3. Restarted: everything acknowledged arrives.
        await using var restarted = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        var expected = SopInstances(acknowledged).ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        HashSet<string> held = [];
        while (DateTime.UtcNow < deadline)
        {
            held = [.. (await OrthancContents.FilesAsync(orthanc)).Keys];
            if (expected.IsSubsetOf(held))
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(expected.IsSubsetOf(held), $"{expected.Except(held).Count()} acknowledged instance(s) never arrived:\n{restarted.Output}");
        Assert.True(scanned > 0, "the spool scan saw no file");
    }

    [Fact]
    public async Task Killed_while_forwarding_to_a_stalled_PACS_every_acknowledged_instance_arrives_after_the_restart()
    {
        var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)>());
        await using var _ = orthanc;
        var orthancPid = ProcessIdOf(_dir.Combine("orthanc"));
        var config = GatewayConfig.Create(_dir.Combine("gw"), Keys, orthanc.DicomPort);
        var files = TestObjects.Create(_dir.Combine("in"), 40, prefix: "f");
        var gateway = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        int forwardedBeforeKill;
        try
        {
            var sending = Storescu.SendAsync(gateway.DicomPort, GatewayConfig.Modality, files);
            await WaitForAsync(() => Audit.Read(LogDirectory(config)).Any(r => r.Get("event") == "forwarded"), gateway);

            // Orthanc stalls (SIGSTOP): the C-STORE on its way stays unanswered, its bytes unread in
            // Orthanc's socket. The kill lands while that forward is in flight.
            Signal("STOP", orthancPid);
            try
            {
                var store = await sending;
                Assert.True(store.Successes == files.Count, store.Text);
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
                while (UnreadBytesAt(orthanc.DicomPort) == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, "no C-STORE toward the stalled Orthanc was in flight; the test would prove nothing\n" + gateway.Output);
                    await Task.Delay(100);
                }

                forwardedBeforeKill = Audit.Read(LogDirectory(config)).Count(r => r.Get("event") == "forwarded");
                await gateway.KillAsync();
            }
            finally
            {
                Signal("CONT", orthancPid);
            }
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        Assert.True(forwardedBeforeKill < files.Count, "everything was forwarded before the kill; the test proved nothing");
        await using var restarted = await GatewayProcess.StartReadyAsync(_dir.File("gateway.json"), config);
        await OrthancContents.WaitForCountAsync(orthanc, files.Count, TimeSpan.FromMinutes(3), () => restarted.Output);
        var held = await OrthancContents.FilesAsync(orthanc);
        Assert.Equal(SopInstances(files).Order(), held.Keys.Order());
    }

    /// <summary>
    /// storescu must have been told of every instance the gateway did not acknowledge: it sends in
    /// order, so the file after the last Success is reported failed and storescu exits with an error.
    /// </summary>
    private static void AssertTheRestWasReportedFailed(Storescu.Result store, IReadOnlyList<string> files)
    {
        Assert.True(store.Tool.ExitCode != 0, $"storescu exited with 0 after {store.Successes} of {files.Count} stores:\n{store.Text}");
        Assert.True(store.Statuses.Count == store.Successes, $"a store was answered other than Success:\n{store.Text}");
        var unacknowledged = files[store.Successes];
        Assert.True(store.Text.Contains("Store Failed, file: " + unacknowledged, StringComparison.Ordinal), $"storescu did not report {unacknowledged} as failed:\n{store.Text}");
    }

    private static int ProcessIdOf(string orthancDirectory)
    {
        foreach (var process in System.Diagnostics.Process.GetProcessesByName("Orthanc"))
        {
            var commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
            if (commandLine.Contains(orthancDirectory, StringComparison.Ordinal))
            {
                return process.Id;
            }
        }

        throw new InvalidOperationException($"no Orthanc process runs from {orthancDirectory}");
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Bytes received on a connection to <paramref name="port"/> and not yet read by the listening process (ss Recv-Q).</summary>
    private static long UnreadBytesAt(int port)
    {
        using var ss = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ss", ["-Htn", "state", "established", "sport", "=", ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        var text = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 0)
            .Sum(fields => long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int AssertNoPlaintext(string spool, IReadOnlyList<byte[]> needles)
    {
        var (hits, scanned) = PlaintextScan.Scan(spool, needles);
        Assert.Empty(hits);
        return scanned;
    }

    private static async Task WaitForAsync(Func<bool> condition, GatewayProcess gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(gateway.Output);
            }

            await Task.Delay(20);
        }
    }

    private static string LogDirectory(System.Text.Json.Nodes.JsonObject config) => config["Gateway"]!["Log"]!["Directory"]!.GetValue<string>();

    private static IEnumerable<string> SopInstances(IEnumerable<string> files) =>
        files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPInstanceUID)!.TrimEnd('\0'));
}
