using System.Runtime.InteropServices;

namespace DicomCipherGateway.Benchmarks.Network;

/// <summary>The few libc calls the link emulator needs (TUN devices and an absolute monotonic sleep); no unsafe code.</summary>
internal static partial class Libc
{
    public const int ReadWrite = 2;
    public const int MonotonicClock = 1;
    public const int AbsoluteTime = 1;
    public const int Interrupted = 4;
    public const int IoError = 5;
    public const int TryAgain = 11;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open(byte[] pathUtf8, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, byte[] argument);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    public static extern int ClockGetTime(int clock, out TimeSpec time);

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    public static extern int ClockNanoSleep(int clock, int flags, ref TimeSpec request, IntPtr remain);

    /// <summary>CLOCK_MONOTONIC in nanoseconds.</summary>
    public static long NowNanoseconds()
    {
        ClockGetTime(MonotonicClock, out var t);
        return (t.Seconds * 1_000_000_000) + t.Nanoseconds;
    }

    /// <summary>Sleeps until the monotonic clock reads <paramref name="nanoseconds"/> (kernel timer slack ~50 µs, far below the delays emulated).</summary>
    public static void SleepUntil(long nanoseconds)
    {
        var t = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        while (ClockNanoSleep(MonotonicClock, AbsoluteTime, ref t, IntPtr.Zero) == Interrupted)
        {
        }
    }
}
