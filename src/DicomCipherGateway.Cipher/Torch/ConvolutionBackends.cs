using System.Runtime.InteropServices;

namespace DicomCipherGateway.Cipher.Torch;

/// <summary>
/// Chooses, process-wide, how libtorch runs CPU convolutions: through oneDNN (MKL-DNN), whose
/// instruction set can be capped, or only through ATen's own kernels (im2col + GEMM).
/// </summary>
/// <remarks>
/// Measured on this project's machines (AMD EPYC, AVX-512; libtorch 2.10.0): oneDNN's AVX2 and
/// AVX-512 convolution kernels compute wrong gradients with respect to the input (every parameter
/// gradient upstream of the last convolution off by about 100 % against ATen's, the last layer's
/// right), which made the quick preset collapse, made seeded runs differ at two threads and gave
/// NaN at the first step in some runs. Capped at AVX (or SSE4.1) they agree with ATen's to 1–2 %
/// (float accumulation order through training-mode batch norm) and are 2–4× faster than ATen's
/// kernels for training; forward passes are right at every level, so inference keeps the default.
/// See docs/cipher.md, "Issue 9: the cause". TorchSharp exposes neither
/// <c>torch.backends.mkldnn</c> nor <c>torch.backends.nnpack</c>, so this calls libtorch's
/// exported <c>at::globalContext()</c> setters (on x86-64 System V a C++ member function takes
/// <c>this</c> as its first argument). NNPACK is switched off whenever this class sets anything:
/// without oneDNN, ATen tries it first and, on CPUs it does not support, warns on every convolution.
/// </remarks>
public static class ConvolutionBackends
{
    /// <summary>The oneDNN instruction-set cap for processes that train (<see cref="CapOneDnnForTraining"/>).</summary>
    public const string TrainingIsa = "AVX";

    private const string LibTorchCpu = "libtorch_cpu.so";
    private const string IsaVariable = "DNNL_MAX_CPU_ISA";
    private static readonly object Gate = new();

    /// <summary>Whether libtorch currently may use oneDNN.</summary>
    public static bool OneDnnEnabled
    {
        get
        {
            lock (Gate)
            {
                return UserEnabledMkldnn(GlobalContext());
            }
        }
    }

    /// <summary>The oneDNN instruction-set cap of this process, or null for oneDNN's default (the best the CPU has).</summary>
    public static string? OneDnnIsa => Environment.GetEnvironmentVariable(IsaVariable);

    /// <summary>
    /// Caps oneDNN at <see cref="TrainingIsa"/> unless the user set <c>DNNL_MAX_CPU_ISA</c>. oneDNN
    /// reads the variable once, at its first convolution, so a process that trains calls this at
    /// start, before any inference. Returns the cap in force.
    /// </summary>
    public static string? CapOneDnnForTraining()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(IsaVariable) is { Length: > 0 })
        {
            return OneDnnIsa;
        }

        // .NET's SetEnvironmentVariable does not reach the native environment on Unix; oneDNN reads that one.
        if (SetNativeEnvironment(IsaVariable, TrainingIsa, 1) == 0)
        {
            Environment.SetEnvironmentVariable(IsaVariable, TrainingIsa);
        }

        return OneDnnIsa;
    }

    /// <summary>
    /// Restricts convolutions to ATen's kernels for the rest of the process; returns false where
    /// libtorch lacks the setters (another build), in which case nothing changed.
    /// </summary>
    public static bool UseAtenKernels() => TrySetOneDnn(false);

    /// <summary>Lets libtorch use oneDNN again (its default; NNPACK stays off); returns false where it cannot be set.</summary>
    public static bool AllowOneDnn() => TrySetOneDnn(true);

    private static bool TrySetOneDnn(bool enabled)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            lock (Gate)
            {
                var context = GlobalContext();
                SetUserEnabledMkldnn(context, enabled);
                SetUserEnabledNnpack(context, false);
                return UserEnabledMkldnn(context) == enabled;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setenv", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNativeEnvironment([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport(LibTorchCpu, EntryPoint = "_ZN2at13globalContextEv", ExactSpelling = true)]
    private static extern IntPtr GlobalContext();

    [DllImport(LibTorchCpu, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb", ExactSpelling = true)]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(LibTorchCpu, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv", ExactSpelling = true)]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport(LibTorchCpu, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb", ExactSpelling = true)]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
