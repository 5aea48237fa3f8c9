using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace DicomCipherGateway.Encryption;

/// <summary>
/// The one OS thread on which an encryption worker runs G. An async worker resumes on whatever
/// pool thread is free, and each new thread costs libtorch a cold start: a glibc arena of its own
/// whose activation buffers are faulted in afresh (5,000–15,000 page faults and ~15 % more CPU per
/// 512×512 image, measured), and OpenMP state (the thread count is per thread). One thread per
/// worker keeps all of that warm, and Cipher:Threads is set once, where G runs.
/// </summary>
internal sealed class CipherThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly int _torchThreads;

    public CipherThread(string name, int torchThreads)
    {
        _torchThreads = torchThreads;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>CPU time this thread has spent in work so far (Linux; zero elsewhere): G's own cost, apart from the rest of the process.</summary>
    public TimeSpan CpuTime { get; private set; }

    /// <summary>Runs <paramref name="work"/> on this thread; its exception, if any, comes back through the task.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            var before = ThreadCpuTime();
            try
            {
                var result = work();
                CpuTime += ThreadCpuTime() - before;
                completion.SetResult(result);
            }
            catch (Exception e)
            {
                CpuTime += ThreadCpuTime() - before;
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
    }

    private void Run()
    {
        TorchSharp.torch.set_num_threads(_torchThreads);
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    private static TimeSpan ThreadCpuTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        return ClockGetTime(ThreadCpuClock, out var time) == 0 ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100)) : TimeSpan.Zero;
    }

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport: a blittable signature (as NativeAllocatorTuning's mallopt).
    [DllImport("libc", EntryPoint = "clock_gettime", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
