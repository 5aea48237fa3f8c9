using System.Buffers;
using System.Collections.Concurrent;

namespace DicomCipherGateway.Benchmarks.Network;

/// <summary>
/// One direction of the emulated link: packets read from <paramref name="from"/> are serialised
/// at <paramref name="bitsPerSecond"/> (0 = unlimited), then delivered to <paramref name="to"/>
/// <paramref name="delayNanoseconds"/> later, in order (netem's delay + rate model). The queue is
/// bounded in bytes; a packet that would overflow it is dropped, as a router's tail drop.
/// </summary>
internal sealed class DelayedDirection(TunDevice from, TunDevice to, long delayNanoseconds, long bitsPerSecond, long queueBytes)
{
    private readonly BlockingCollection<(byte[] Buffer, int Length, long Due)> queue = new();
    private long queued;
    private long forwarded;
    private long dropped;

    public long Forwarded => Interlocked.Read(ref forwarded);

    public long Dropped => Interlocked.Read(ref dropped);

    public string Name => $"{from.Name} -> {to.Name}";

    public void Start()
    {
        new Thread(Receive) { IsBackground = true, Name = Name + " in" }.Start();
        new Thread(Deliver) { IsBackground = true, Name = Name + " out" }.Start();
    }

    private void Receive()
    {
        long lineFreeAt = 0;
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(65536);
            var length = from.Read(buffer);
            var now = Libc.NowNanoseconds();
            if (Interlocked.Add(ref queued, length) > queueBytes)
            {
                Interlocked.Add(ref queued, -length);
                Interlocked.Increment(ref dropped);
                ArrayPool<byte>.Shared.Return(buffer);
                continue;
            }

            // The packet leaves when the line has finished the previous ones, taking its serialisation time.
            var leaves = now;
            if (bitsPerSecond > 0)
            {
                leaves = Math.Max(now, lineFreeAt) + (long)(length * 8 * 1e9 / bitsPerSecond);
                lineFreeAt = leaves;
            }

            queue.Add((buffer, length, leaves + delayNanoseconds));
        }
    }

    private void Deliver()
    {
        foreach (var (buffer, length, due) in queue.GetConsumingEnumerable())
        {
            if (due > Libc.NowNanoseconds())
            {
                Libc.SleepUntil(due);
            }

            if (to.Write(buffer, length))
            {
                Interlocked.Increment(ref forwarded);
            }
            else
            {
                Interlocked.Increment(ref dropped);
            }

            Interlocked.Add(ref queued, -length);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
