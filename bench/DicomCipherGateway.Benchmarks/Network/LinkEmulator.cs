using System.Globalization;
using System.Runtime.InteropServices;

namespace DicomCipherGateway.Benchmarks.Network;

/// <summary>
/// <c>emulate-link A B [--delay-ms D] [--rate-mbit R] [--queue-mb Q]</c>: creates TUN devices A and
/// B and forwards every packet between them with a one-way delay and a rate limit in each
/// direction, until SIGTERM or Ctrl-C. This stands in for <c>tc qdisc netem</c> where the kernel
/// lacks sch_netem: bench/network/run-store-scaling.sh moves B into the SCP's network namespace
/// and routes the two ends' addresses through the pair, so both TCP stacks see a real round trip.
/// </summary>
internal static class LinkEmulator
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: emulate-link TUN-A TUN-B [--delay-ms 1] [--rate-mbit 0 (unlimited)] [--queue-mb 16]");
            return 2;
        }

        var delayMs = Option(args, "--delay-ms", 1.0);
        var rateMbit = Option(args, "--rate-mbit", 0.0);
        var queueMb = Option(args, "--queue-mb", 16.0);
        using var a = new TunDevice(args[1]);
        using var b = new TunDevice(args[2]);
        var delay = (long)(delayMs * 1e6);
        var rate = (long)(rateMbit * 1e6);
        var queue = (long)(queueMb * 1e6);
        var directions = new[] { new DelayedDirection(a, b, delay, rate, queue), new DelayedDirection(b, a, delay, rate, queue) };
        foreach (var direction in directions)
        {
            direction.Start();
        }

        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready: {a.Name} <-> {b.Name}, one-way delay {delayMs} ms, rate {(rate > 0 ? $"{rateMbit} Mbit/s" : "unlimited")}, queue {queueMb} MB"));
        stop.Wait();
        foreach (var direction in directions)
        {
            Console.WriteLine($"{direction.Name}: {direction.Forwarded} packets forwarded, {direction.Dropped} dropped");
        }

        // The emulator's own CPU time, to judge how much it took from the 2 shared cores.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emulator CPU time: {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F2} s"));

        return 0;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
