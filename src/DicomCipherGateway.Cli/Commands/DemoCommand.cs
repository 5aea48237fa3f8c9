using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg demo</c>: the product doing its job, end to end on loopback. A key is made (quality gate
/// on), Orthanc plays the PACS, the gateway runs on a generated configuration, DCMTK's storescu
/// sends a synthetic study through it, Orthanc is shown to hold ciphertext, movescu and getscu
/// retrieve through the gateway, and every retrieved object is compared with its original. Each
/// step is checked; a failed check stops the demo with exit code 10, and every process it started
/// is stopped whatever happens (Ctrl-C included).
/// </summary>
internal static class DemoCommand
{
    private const string GatewayAe = "DCG";
    private const string ModalityAe = "MOD1";
    private const string WorkstationAe = "WS1";
    private const string PacsAe = "ORTHANC";
    private const string OrthancPath = "/usr/sbin/Orthanc";

    private static readonly string[] Tools = ["storescu", "movescu", "getscu", "storescp", "dcm2pnm"];

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "working folder (wiped and recreated)",
            DefaultValueFactory = _ => new DirectoryInfo("demo-output"),
        };
        var keySteps = new Option<int?>("--key-steps")
        {
            Description = "train the demo key for this many steps instead of the quick preset's (a short key is weak: for tests)",
        };
        var minPsnr = new Option<double?>("--min-psnr")
        {
            Description = "held-out decryption PSNR (dB) the demo key must reach (default: the quick preset's floor; lower only for tests)",
        };
        var gateway = new Option<FileInfo?>("--gateway")
        {
            Description = "the gateway to run: DicomCipherGateway.dll (run with dotnet) or a published executable (default: beside dcg, or the repository's build output)",
        };
        var slices = new Option<int>("--slices")
        {
            Description = "images per series (two CT series and one MR series)",
            DefaultValueFactory = _ => 3,
        };
        var command = new Command("demo", "Run the gateway end to end on loopback: Orthanc as the PACS, DCMTK as modality and workstation.") { output, keySteps, minPsnr, gateway, slices };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken, "stopping the demo and everything it started");
            var options = new DemoOptions(parse.GetValue(output)!, parse.GetValue(keySteps), parse.GetValue(minPsnr), parse.GetValue(gateway), parse.GetValue(slices));
            return await RunAsync(options, Console.Out, interrupt.Token).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(DemoOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var output = options.Output;
        var started = new List<DemoProcess>();
        try
        {
            if (output.Exists)
            {
                output.Delete(recursive: true);
            }

            var root = Directory.CreateDirectory(output.FullName).FullName;
            var logs = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName;
            var pictures = Directory.CreateDirectory(Path.Combine(root, "pictures")).FullName;

            Step(log, 1, "check the tools (scripts/setup installs what is missing)");
            foreach (var tool in Tools)
            {
                Check(OnPath(tool) is not null, $"{tool} is not installed; run scripts/setup");
            }

            Check(File.Exists(OrthancPath), $"Orthanc ({OrthancPath}) is not installed; run scripts/setup");
            var gatewayPath = GatewayBinary(options.Gateway);
            log.WriteLine($"    DCMTK, Orthanc; gateway {gatewayPath}");

            Step(log, 2, $"make a key: dcg keygen on {DemoKey.TrainingImages} generated images {DemoKey.TrainingSize}x{DemoKey.TrainingSize}, quality gate on (progress below)");
            var keyring = Directory.CreateDirectory(Path.Combine(root, "keyring")).FullName;
            var kekFile = Path.Combine(root, "demo.kek");
            var (keyId, quality) = await DemoKey.CreateAsync(root, keyring, kekFile, options.KeySteps, options.MinPsnr, log, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            Step(log, 3, $"generate a synthetic study: two CT series (512x512, 16-bit) and one MR series (256x256), {options.Slices} images each");
            var originals = DemoStudy.Write(Path.Combine(root, "study"), options.Slices);
            var byUid = originals.ToDictionary(p => Uid(DicomFile.Open(p).Dataset, DicomTags.SOPInstanceUID), p => p, StringComparer.Ordinal);
            var studyUid = Uid(DicomFile.Open(originals[0]).Dataset, DicomTags.StudyInstanceUID);
            log.WriteLine($"    {originals.Count} objects in {Path.Combine(root, "study")}");

            Step(log, 4, "start Orthanc (the PACS) and the gateway on the demo configuration (loopback, free ports)");
            var ports = new DemoPorts(DemoProcess.FreePort(), DemoProcess.FreePort(), DemoProcess.FreePort(), DemoProcess.FreePort(), DemoProcess.FreePort());
            var orthanc = StartOrthanc(root, logs, ports, started);
            await orthanc.WaitForPortAsync(ports.OrthancHttp, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var gatewayConfig = WriteGatewayConfig(root, keyring, kekFile, keyId.ToString(), ports);
            var gateway = StartGateway(gatewayPath, gatewayConfig, logs, started);
            await gateway.WaitForPortAsync(ports.Gateway, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
            using var orthancHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.OrthancHttp}/"), Timeout = TimeSpan.FromSeconds(60) };
            using var gatewayHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.GatewayHttp}/"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitReadyAsync(gatewayHttp, gateway, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"    Orthanc: DICOM {PacsAe}@127.0.0.1:{ports.OrthancDicom}, REST http://127.0.0.1:{ports.OrthancHttp}/");
            log.WriteLine($"    gateway: DICOM {GatewayAe}@127.0.0.1:{ports.Gateway}, admin http://127.0.0.1:{ports.GatewayHttp}/ (config {gatewayConfig})");

            Step(log, 5, $"send the study through the gateway: storescu as modality {ModalityAe}");
            var store = await ToolAsync("storescu", ["-aet", ModalityAe, "-aec", GatewayAe, "127.0.0.1", Port(ports.Gateway), .. originals], cancellationToken).ConfigureAwait(false);
            Check(store.ExitCode == 0 && store.Errors == 0, $"storescu failed (exit {store.ExitCode}): {store.Text}");
            log.WriteLine($"    storescu: {originals.Count} objects acknowledged (the gateway answers once each is sealed durably in its spool)");

            Step(log, 6, "wait until Orthanc holds them, and look at what it holds");
            var instances = await WaitForPacsAsync(orthancHttp, originals.Count, TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
            var firstCt = string.Empty;
            foreach (var id in instances)
            {
                var stored = DicomFile.Read(new MemoryStream(await orthancHttp.GetByteArrayAsync($"instances/{id}/file", cancellationToken).ConfigureAwait(false)));
                var uid = Uid(stored.Dataset, DicomTags.SOPInstanceUID);
                Check(byUid.TryGetValue(uid, out var originalPath), $"Orthanc holds an instance the demo did not send ({uid})");
                Check(DicomObjectDecryptor.IsEncrypted(stored.Dataset), $"Orthanc holds {Path.GetFileName(originalPath)} without the ciphertext block: it is not encrypted");
                var original = DicomFile.Open(originalPath!);
                var changed = DifferingFraction(PixelBytes(original), PixelBytes(stored));
                Check(changed > 0.5, $"the pixel data Orthanc holds for {Path.GetFileName(originalPath)} is {100 * (1 - changed):F0} % identical to the original's");
                if (firstCt.Length == 0 && Path.GetFileName(originalPath)!.StartsWith("ct1-001", StringComparison.Ordinal))
                {
                    firstCt = id;
                }

                log.WriteLine($"    {Path.GetFileName(originalPath),-12} ciphertext block present; {100 * changed:F1} % of the pixel data bytes differ from the original's");
            }

            var originalPng = Path.Combine(pictures, "original.png");
            var render = Tool("dcm2pnm", "--write-png", "--use-window", "1", byUid.Values.First(p => Path.GetFileName(p) == "ct1-001.dcm"), originalPng);
            Check(render.ExitCode == 0, $"dcm2pnm could not render the original: {render.Text}");
            var pacsPng = Path.Combine(pictures, "orthanc-preview.png");
            await File.WriteAllBytesAsync(pacsPng, await orthancHttp.GetByteArrayAsync($"instances/{firstCt}/preview", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var sideBySide = Path.Combine(pictures, "side-by-side.png");
            DemoPictures.SideBySide(originalPng, "original (dcm2pnm)", pacsPng, "in the PACS (Orthanc /preview)", sideBySide);
            foreach (var png in new[] { originalPng, pacsPng })
            {
                var spread = DemoPictures.LuminanceStdDev(png);
                Check(spread >= DemoPictures.MinStdDev, $"{png} is blank or constant (luminance standard deviation {spread:F2})");
                log.WriteLine($"    {png} (luminance standard deviation {spread:F1})");
            }

            log.WriteLine($"    {sideBySide}");

            // Said here because the picture shows it: a reader of the demo should not take G(x) for a safe view.
            log.WriteLine("    the PACS shows G(x), the paper's view (Gateway:Cipher:View g): its pixels pass the key's statistical gate,");
            log.WriteLine("    yet the body's outline and the ribs stay visible as texture; docs/security-report.md measures what an");
            log.WriteLine("    attacker learns from it. Gateway:Cipher:View noise leaves nothing to see (the pixels are still restored exactly).");

            Step(log, 7, $"retrieve through the gateway as workstation {WorkstationAe}: movescu (C-MOVE to a storescp) and getscu (C-GET)");
            var moved = Directory.CreateDirectory(Path.Combine(root, "retrieved", "move")).FullName;
            var got = Directory.CreateDirectory(Path.Combine(root, "retrieved", "get")).FullName;
            var storescp = DemoProcess.Start("storescp", Path.Combine(logs, "storescp.log"), "storescp", ["-v", "-aet", WorkstationAe, "-od", moved, Port(ports.Workstation)]);
            started.Add(storescp);
            await storescp.WaitForPortAsync(ports.Workstation, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            string[] studyKeys = ["-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={studyUid}"];
            var move = await ToolAsync("movescu", ["-S", "-aet", WorkstationAe, "-aec", GatewayAe, "-aem", WorkstationAe, .. studyKeys, "127.0.0.1", Port(ports.Gateway)], cancellationToken).ConfigureAwait(false);
            Check(move.ExitCode == 0 && move.Errors == 0, $"movescu failed (exit {move.ExitCode}): {move.Text}");
            var get = await ToolAsync("getscu", ["-S", "-aet", WorkstationAe, "-aec", GatewayAe, "-od", got, .. studyKeys, "127.0.0.1", Port(ports.Gateway)], cancellationToken).ConfigureAwait(false);
            Check(get.ExitCode == 0 && get.Errors == 0, $"getscu failed (exit {get.ExitCode}): {get.Text}");
            await storescp.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            log.WriteLine($"    C-MOVE: {Directory.GetFiles(moved).Length} objects in {moved}");
            log.WriteLine($"    C-GET:  {Directory.GetFiles(got).Length} objects in {got}");

            Step(log, 8, "compare every retrieved object with its original, bit for bit");
            log.WriteLine("    (both data sets written in Explicit VR Little Endian, undefined sequence lengths, and compared byte for byte: every element, every pixel)");
            foreach (var (label, folder) in new[] { ("C-MOVE", moved), ("C-GET", got) })
            {
                var identical = CompareWithOriginals(folder, byUid, label);
                log.WriteLine($"    {label}: {identical}/{originals.Count} objects identical to their originals");
            }

            Step(log, 9, "the gateway's metrics (/metrics) and where to look");
            var metrics = await gatewayHttp.GetStringAsync("metrics", cancellationToken).ConfigureAwait(false);
            foreach (var line in MetricsSummary(metrics))
            {
                log.WriteLine("    " + line);
            }

            Step(log, 10, "stop everything the demo started");
            var gatewayExit = await gateway.StopAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            Check(gatewayExit == 0, $"the gateway did not stop cleanly (exit {gatewayExit?.ToString(CultureInfo.InvariantCulture) ?? "killed"})");
            log.WriteLine("    gateway stopped (exit 0)");
            await orthanc.DisposeAsync().ConfigureAwait(false);
            started.Remove(orthanc);
            log.WriteLine("    Orthanc stopped");

            log.WriteLine();
            log.WriteLine($"key:       {keyId}; {quality}");
            log.WriteLine($"pictures:  {sideBySide}");
            log.WriteLine($"retrieved: {moved} (C-MOVE), {got} (C-GET)");
            log.WriteLine($"logs:      {logs} (gateway.log, orthanc.log, storescp.log); gateway JSON log and audit in {Path.Combine(root, "gateway", "log")}");
            log.WriteLine($"demo finished in {clock.Elapsed.TotalSeconds:F1} s; files in {root}");
            return ExitCodes.Success;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM; whatever the step reported on its way out is a consequence of it.
            log.WriteLine("demo interrupted; stopping what it started");
            return ExitCodes.Cancelled;
        }
        catch (DemoFailedException ex)
        {
            log.WriteLine($"demo FAILED: {ex.Message}");
            log.WriteLine($"    logs in {Path.Combine(output.FullName, "logs")}");
            return ExitCodes.DemoFailed;
        }
        catch (Exception ex) when (ex is DicomException or HttpRequestException or IOException or JsonException)
        {
            log.WriteLine($"demo FAILED: {ex.Message}");
            log.WriteLine($"    logs in {Path.Combine(output.FullName, "logs")}");
            return ExitCodes.DemoFailed;
        }
        finally
        {
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal static void Step(TextWriter log, int n, string what)
    {
        log.WriteLine();
        log.WriteLine($"[{n}] {what}");
        log.Flush();
    }

    internal static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new DemoFailedException(message);
        }
    }

    internal static (int ExitCode, int Errors, int Warnings, string Text) Tool(string tool, params string[] args) =>
        ToolAsync(tool, args, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs a DCMTK tool to its end; counts its E: and W: lines.</summary>
    internal static async Task<(int ExitCode, int Errors, int Warnings, string Text)> ToolAsync(string tool, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new DemoFailedException($"could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DemoFailedException($"{tool} is not installed ({ex.Message}); run scripts/setup");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new DemoFailedException($"{tool} did not finish in 3 minutes");
            }

            var text = await stderr.ConfigureAwait(false) + await stdout.ConfigureAwait(false);
            var lines = text.Split('\n');
            return (process.ExitCode,
                lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("E: ", StringComparison.Ordinal) || l.StartsWith("F: ", StringComparison.Ordinal)),
                lines.Count(l => l.StartsWith("W: ", StringComparison.Ordinal)),
                text);
        }
    }

    /// <summary>
    /// The gateway to run: the option's, else DicomCipherGateway.dll beside dcg (a publish layout, or
    /// a test's output), else the repository's build output of the same configuration as dcg's.
    /// </summary>
    private static string GatewayBinary(FileInfo? option)
    {
        if (option is not null)
        {
            Check(option.Exists, $"--gateway {option.FullName} does not exist");
            return option.FullName;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "DicomCipherGateway.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        // dcg runs from src/DicomCipherGateway.Cli/bin/CONFIG/TFM/: the gateway builds to src/DicomCipherGateway/bin/CONFIG/TFM/.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent;
        var src = configuration?.Parent?.Parent?.Parent;
        if (src is not null)
        {
            var built = Path.Combine(src.FullName, "DicomCipherGateway", "bin", configuration!.Name, tfm.Name, "DicomCipherGateway.dll");
            if (File.Exists(built))
            {
                return built;
            }
        }

        throw new DemoFailedException("the gateway is not built: run scripts/demo (it builds it), or pass --gateway PATH/DicomCipherGateway.dll");
    }

    private static DemoProcess StartOrthanc(string root, string logs, DemoPorts ports, List<DemoProcess> started)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "orthanc")).FullName;
        var config = new JsonObject
        {
            ["Name"] = "DCG-DEMO",
            ["StorageDirectory"] = Directory.CreateDirectory(Path.Combine(dir, "storage")).FullName,
            ["IndexDirectory"] = Directory.CreateDirectory(Path.Combine(dir, "index")).FullName,
            ["DicomAet"] = PacsAe,
            ["DicomPort"] = ports.OrthancDicom,
            ["HttpPort"] = ports.OrthancHttp,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = new JsonArray(),
            ["DicomCheckCalledAet"] = true,
            ["StorageCompression"] = false,
            // Orthanc answers C-FIND and C-GET only from AE titles it knows: the gateway's.
            ["DicomModalities"] = new JsonObject { ["dcg"] = new JsonArray(GatewayAe, "127.0.0.1", ports.Gateway) },
        };
        var path = Path.Combine(dir, "orthanc.json");
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var process = DemoProcess.Start("Orthanc", Path.Combine(logs, "orthanc.log"), OrthancPath, [path], dir);
        started.Add(process);
        return process;
    }

    /// <summary>The demo's embedded configuration: loopback only, the demo's folders, one modality, one workstation, Orthanc as the PACS.</summary>
    private static string WriteGatewayConfig(string root, string keyring, string kekFile, string keyId, DemoPorts ports)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "gateway")).FullName;
        var config = new JsonObject
        {
            ["Gateway"] = new JsonObject
            {
                ["AeTitle"] = GatewayAe,
                ["Bind"] = "127.0.0.1",
                ["Port"] = ports.Gateway,
                ["CheckPeerAddress"] = true,
                ["ShutdownTimeout"] = "00:00:10",
                ["Peers"] = new JsonArray
                {
                    new JsonObject { ["AeTitle"] = ModalityAe, ["Host"] = "127.0.0.1", ["Port"] = 104, ["Roles"] = new JsonArray("Modality") },
                    new JsonObject { ["AeTitle"] = WorkstationAe, ["Host"] = "127.0.0.1", ["Port"] = ports.Workstation, ["Roles"] = new JsonArray("Workstation") },
                    new JsonObject { ["AeTitle"] = PacsAe, ["Host"] = "127.0.0.1", ["Port"] = ports.OrthancDicom, ["Roles"] = new JsonArray("Pacs"), ["Retrieve"] = "CGet" },
                },
                ["Spool"] = new JsonObject { ["Path"] = Path.Combine(dir, "spool"), ["MinFreeBytes"] = 64L * 1024 * 1024 },
                ["Cipher"] = new JsonObject
                {
                    ["Keyring"] = keyring,
                    ["KekFile"] = kekFile,
                    ["ActiveKeyId"] = keyId,
                    ["Device"] = "cpu",
                    ["Workers"] = 1,
                    ["Threads"] = 1,
                },
                ["Forward"] = new JsonObject { ["Mode"] = "Async", ["Associations"] = 1, ["EchoInterval"] = "00:00:02" },
                ["Http"] = new JsonObject { ["Url"] = $"http://127.0.0.1:{ports.GatewayHttp}" },
                ["Log"] = new JsonObject { ["Directory"] = Path.Combine(dir, "log"), ["Level"] = "Information" },
            },
        };
        var path = Path.Combine(root, "gateway.json");
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static DemoProcess StartGateway(string binary, string config, string logs, List<DemoProcess> started)
    {
        var isDll = binary.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        IEnumerable<string> args = isDll ? [binary, "--config", config] : ["--config", config];
        var process = DemoProcess.Start("the gateway", Path.Combine(logs, "gateway.log"), isDll ? "dotnet" : binary, args);
        started.Add(process);
        return process;
    }

    /// <summary>Waits for /readyz: the key loaded, the spool writable, the PACS answering C-ECHO.</summary>
    private static async Task WaitReadyAsync(HttpClient http, DemoProcess gateway, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            Check(!gateway.HasExited, "the gateway exited while starting (see logs/gateway.log)");
            try
            {
                using var response = await http.GetAsync("readyz", cancellationToken).ConfigureAwait(false);
                last = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                // The HTTP endpoint opens after the DICOM listener.
                last = e.Message;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        throw new DemoFailedException($"the gateway did not become ready in 60 s: {last}");
    }

    /// <summary>Polls Orthanc until it holds <paramref name="expected"/> instances; returns their Orthanc ids.</summary>
    private static async Task<IReadOnlyList<string>> WaitForPacsAsync(HttpClient orthanc, int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var ids = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            using var doc = JsonDocument.Parse(await orthanc.GetStringAsync("instances", cancellationToken).ConfigureAwait(false));
            ids = [.. doc.RootElement.EnumerateArray().Select(e => e.GetString()!)];
            if (ids.Count >= expected)
            {
                return ids;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }

        throw new DemoFailedException($"Orthanc holds {ids.Count} of {expected} instances after {timeout.TotalSeconds:F0} s (see logs/gateway.log)");
    }

    private static int CompareWithOriginals(string folder, Dictionary<string, string> originals, string label)
    {
        var received = Directory.GetFiles(folder).Select(p => DicomFile.Open(p)).ToDictionary(f => Uid(f.Dataset, DicomTags.SOPInstanceUID), StringComparer.Ordinal);
        var identical = 0;
        foreach (var (uid, path) in originals)
        {
            Check(received.TryGetValue(uid, out var copy), $"{label} did not deliver {Path.GetFileName(path)}");
            var original = DicomFile.Open(path);
            Check(Canonical(original.Dataset).AsSpan().SequenceEqual(Canonical(copy!.Dataset)), $"{label} delivered {Path.GetFileName(path)} with other content than the original's");
            identical++;
        }

        Check(received.Count == originals.Count, $"{label} delivered {received.Count} objects, {originals.Count} were sent");
        return identical;
    }

    /// <summary>The data set as bytes, independent of how a peer chose to encode it on the wire.</summary>
    private static byte[] Canonical(DicomDataset dataset) =>
        DicomDatasetWriter.ToArray(dataset, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { SequenceLengths = SequenceLengthMode.Undefined });

    private static IEnumerable<string> MetricsSummary(string text)
    {
        // The counters and gauges an administrator watches; histograms as count and mean.
        var values = text.Split('\n')
            .Where(l => l.StartsWith("dcg_", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2)
            .ToList();
        foreach (var (name, value) in values.Select(p => (p[0], p[1].Trim())))
        {
            if (name.Contains("_bucket", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal))
            {
                continue;
            }

            if (name.EndsWith("_count", StringComparison.Ordinal))
            {
                var sum = values.FirstOrDefault(p => p[0] == name[..^"_count".Length] + "_sum")?[1];
                var count = double.Parse(value, CultureInfo.InvariantCulture);
                var mean = sum is null || count == 0 ? double.NaN : double.Parse(sum, CultureInfo.InvariantCulture) / count;
                yield return $"{name[..^"_count".Length],-44} {count:F0} observations, mean {mean:F3} s";
                continue;
            }

            yield return $"{name,-44} {value}";
        }
    }

    private static byte[] PixelBytes(DicomFile file) => file.Dataset.GetElement(DicomTags.PixelData)?.Value.GetMemory().ToArray() ?? [];

    private static double DifferingFraction(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        if (n == 0)
        {
            return a.Length == b.Length ? 0 : 1;
        }

        var differ = Math.Abs(a.Length - b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                differ++;
            }
        }

        return (double)differ / Math.Max(a.Length, b.Length);
    }

    private static string Uid(DicomDataset dataset, DicomTag tag) => dataset.GetString(tag)?.TrimEnd('\0', ' ') ?? string.Empty;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string? OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    private sealed record DemoPorts(int Gateway, int GatewayHttp, int OrthancDicom, int OrthancHttp, int Workstation);
}

/// <summary>What <c>dcg demo</c> was asked for.</summary>
internal sealed record DemoOptions(DirectoryInfo Output, int? KeySteps = null, double? MinPsnr = null, FileInfo? Gateway = null, int Slices = 3);
