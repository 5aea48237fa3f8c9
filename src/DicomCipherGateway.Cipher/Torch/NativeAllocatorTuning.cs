using System.Runtime.InteropServices;

namespace DicomCipherGateway.Cipher.Torch;

/// <summary>
/// Keeps glibc from returning libtorch's activation buffers to the kernel after every layer.
/// </summary>
/// <remarks>
/// libtorch allocates each activation (megabytes) with malloc. glibc's dynamic thresholds hand
/// freed blocks of that size back to the kernel, so the next layer's buffer comes back as fresh
/// pages, each a page fault; with two threads the faults serialise on the process's memory map.
/// Measured on 36 chained 128→128 convolutions at 64×64, two threads: 5,400 faults and 198 ms
/// direct, 168,000 faults and 282 ms with the Winograd path; with the mmap threshold fixed at
/// 32 MB and the trim threshold at 256 MB: 1,700 faults and 192 ms, and 147 ms (docs/benchmarks.md).
/// The cost is that up to 256 MB of freed native heap stays mapped. Only glibc has mallopt.
/// glibc caps the mmap threshold at 32 MB, and a 512×512 frame's 32-channel activations are
/// 32 MB each (N times that in a batch of N), so those still came from mmap and were faulted in
/// afresh at every layer: 12,500–64,000 faults and 0.1–0.5 s of system time per 512×512 image
/// at one thread (batch 1–4), a third of G's time, and the main cause of the gateway's slow drain
/// (docs/benchmarks.md, "Gateway"). M_MMAP_MAX = 0 serves every size from the heap instead, which
/// the trim threshold keeps: ~0 faults per image once warm.
/// </remarks>
internal static class NativeAllocatorTuning
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD
    private const int MmapMax = -4; // M_MMAP_MAX
    private const int MmapThresholdBytes = 32 * 1024 * 1024; // glibc's upper limit on 64-bit
    private const int TrimThresholdBytes = 256 * 1024 * 1024;

    /// <summary>Applies the thresholds on Linux with glibc; returns whether they were applied.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(MmapThreshold, MmapThresholdBytes) == 1 && Mallopt(TrimThreshold, TrimThresholdBytes) == 1 && Mallopt(MmapMax, 0) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): the defaults stay.
            return false;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need
    // unsafe code enabled for the whole assembly.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);
}
