using System.Diagnostics;
using System.Globalization;
using DicomCipherGateway.Dicom.Network.Client;

namespace DicomCipherGateway.Benchmarks.Network;

/// <summary>
/// <c>store-scaling --host H --dcg-port P --dcmtk-port Q [--instances 100] [--repeats 3]
/// [--associations 1,4] [--dcg PATH/dcg.dll]</c>: C-STORE of N 512×512×16 slices to a
/// <c>dcg listen --discard</c> and a <c>storescp --ignore</c> already running at H (in
/// run-store-scaling.sh, behind the emulated link), over 1 and 4 associations, scenarios
/// interleaved in every repeat so background load hits them alike; prints each run and the
/// medians as a Markdown table.
/// </summary>
internal static class StoreScaling
{
    private const string Dcmtk = "storescu → storescp";
    private const string Ours = "our SCU (in-process) → dcg listen";
    private const string OursProcess = "dcg store -n N (process) → dcg listen";

    public static async Task<int> RunAsync(string[] args)
    {
        var host = Option(args, "--host") ?? "127.0.0.1";
        var dcgPort = int.Parse(Option(args, "--dcg-port") ?? throw new ArgumentException("--dcg-port is required"), CultureInfo.InvariantCulture);
        var dcmtkPort = int.Parse(Option(args, "--dcmtk-port") ?? throw new ArgumentException("--dcmtk-port is required"), CultureInfo.InvariantCulture);
        var instances = int.Parse(Option(args, "--instances") ?? "100", CultureInfo.InvariantCulture);
        var repeats = int.Parse(Option(args, "--repeats") ?? "3", CultureInfo.InvariantCulture);
        var counts = (Option(args, "--associations") ?? "1,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var dcg = Option(args, "--dcg");
        var files = StoreSlices.Create(instances);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instances} slices, {bytes / 1e6:F1} MB, to {host} (dcg listen :{dcgPort}, storescp :{dcmtkPort}), {repeats} repeats"));

        var scenarios = new List<(string Name, Func<int, Task> Run)>
        {
            (Dcmtk, n => StorescuAsync(host, dcmtkPort, files, n)),
            (Ours, n => InProcessAsync(host, dcgPort, files, n)),
        };
        if (dcg is not null)
        {
            scenarios.Add((OursProcess, n => DcgStoreAsync(dcg, host, dcgPort, files, n)));
        }

        Console.WriteLine($"TCP connect (one round trip) to {host}: {await ConnectTimesAsync(host, dcgPort)}");

        // Warm-up: JIT, page cache, the SCPs' first association.
        foreach (var (_, run) in scenarios)
        {
            await run(1);
        }

        var runs = new List<StoreRun>();
        for (var repeat = 1; repeat <= repeats; repeat++)
        {
            foreach (var n in counts)
            {
                foreach (var (name, run) in scenarios)
                {
                    var watch = Stopwatch.StartNew();
                    await run(n);
                    var result = new StoreRun(name, n, repeat, watch.Elapsed, instances, bytes);
                    runs.Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat}, {n} assoc., {name}: {result.Elapsed.TotalMilliseconds:F0} ms, {result.InstancesPerSecond:F1} inst/s, {result.MegabytesPerSecond:F1} MB/s"));
                }
            }
        }

        PrintTable(runs, scenarios.Select(s => s.Name).ToList(), counts);
        return 0;
    }

    private static void PrintTable(List<StoreRun> runs, List<string> scenarios, int[] counts)
    {
        StoreRun Median(string scenario, int n) => runs.Where(r => r.Scenario == scenario && r.Associations == n).OrderBy(r => r.Elapsed).ElementAt(runs.Count(r => r.Scenario == scenario && r.Associations == n) / 2);

        Console.WriteLine();
        Console.WriteLine("| associations | " + string.Join(" | ", scenarios) + " | ours / DCMTK (MB/s) |");
        Console.WriteLine("|---:|" + string.Concat(scenarios.Select(_ => "---:|")) + "---:|");
        foreach (var n in counts)
        {
            var cells = scenarios.Select(s => Median(s, n)).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Elapsed.TotalMilliseconds:F0} ms: {m.InstancesPerSecond:F0} inst/s, {m.MegabytesPerSecond:F1} MB/s"));
            var ratio = Median(Ours, n).MegabytesPerSecond / Median(Dcmtk, n).MegabytesPerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n} | {string.Join(" | ", cells)} | {ratio:F2} |"));
        }

        if (counts.Length > 1)
        {
            var (low, high) = (counts.Min(), counts.Max());
            var scaling = scenarios.Select(s => string.Create(CultureInfo.InvariantCulture, $"{Median(s, high).MegabytesPerSecond / Median(s, low).MegabytesPerSecond:F2}×"));
            Console.WriteLine($"| {high} vs {low} | {string.Join(" | ", scaling)} | |");
        }
    }

    /// <summary>Times TCP connects (SYN, SYN-ACK: one round trip as the stacks see it, emulator and scheduling included): median and range of 9.</summary>
    private static async Task<string> ConnectTimesAsync(string host, int port)
    {
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            var watch = Stopwatch.StartNew();
            await socket.ConnectAsync(host, port);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"median {times[4]:F2} ms (min {times[0]:F2}, max {times[^1]:F2})");
    }

    private static Task InProcessAsync(string host, int port, List<string> files, int associations) =>
        StoreSlices.SendAsync(new DicomClient(new DicomClientOptions { Host = host, Port = port }), files, associations);

    private static async Task StorescuAsync(string host, int port, List<string> files, int associations)
    {
        // storescu has no parallel mode: one process per association, the files dealt round-robin.
        await Task.WhenAll(Enumerable.Range(0, associations).Select(a =>
        {
            var args = new List<string> { "-aec", "BENCH", "-xe", host, port.ToString(CultureInfo.InvariantCulture) };
            args.AddRange(files.Where((_, i) => i % associations == a));
            return RunToolAsync("storescu", args);
        }));
    }

    private static Task DcgStoreAsync(string dcg, string host, int port, List<string> files, int associations) =>
        RunToolAsync("dotnet", [dcg, "store", "-H", host, "-p", port.ToString(CultureInfo.InvariantCulture), "--aec", "BENCH", "-n", associations.ToString(CultureInfo.InvariantCulture), .. files]);

    private static async Task RunToolAsync(string tool, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Without TCP_NODELAY DCMTK waits on delayed ACKs, about 40 ms per instance.
        psi.Environment["TCP_NODELAY"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {p.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
