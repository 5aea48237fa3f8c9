using System.Diagnostics;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Encryption;

/// <summary>
/// Where one batch's time goes (unseal, parse, G and the ciphertext object, durable write, queue
/// record): exported as dcg_encryption_stage_seconds so that a slow drain can be located without
/// a profiler, and logged at Debug per batch.
/// </summary>
internal sealed class EncryptionStages(GatewayMetrics metrics, int objects, CipherThread thread)
{
    public const int Unseal = 0;
    public const int Parse = 1;
    public const int Cipher = 2;
    public const int Write = 3;
    public const int Queue = 4;

    private static readonly string[] Names = ["unseal", "parse", "cipher", "write", "queue"];
    private readonly double[] _seconds = new double[Names.Length];
    private readonly Stopwatch _lap = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _cipherCpuAtStart = thread.CpuTime;

    /// <summary>Adds the time since the last lap to <paramref name="stage"/>.</summary>
    public void Lap(int stage)
    {
        _seconds[stage] += _lap.Elapsed.TotalSeconds;
        _lap.Restart();
    }

    /// <summary>Starts the next lap without counting the time since the last one (a dead letter's bookkeeping).</summary>
    public void Restart() => _lap.Restart();

    public void Report(ILogger logger, int encrypted)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            metrics.EncryptionStageSeconds.WithLabels(Names[i]).Inc(_seconds[i]);
        }

        metrics.EncryptionBatchObjects.Observe(objects);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            // The process's and the cipher thread's CPU time beside the wall-clock stages: far less CPU
            // than wall time means the gateway is waiting for a core (a shared machine), not working slowly.
            using var process = Process.GetCurrentProcess();
            var cpu = (long)(process.TotalProcessorTime - _cpuAtStart).TotalMilliseconds;
            var cipherCpu = (long)(thread.CpuTime - _cipherCpuAtStart).TotalMilliseconds;
            EncryptionLog.Batch(logger, objects, encrypted, ToMilliseconds(Unseal), ToMilliseconds(Parse), ToMilliseconds(Cipher), ToMilliseconds(Write), ToMilliseconds(Queue), cpu, cipherCpu);
        }
    }

    private long ToMilliseconds(int stage) => (long)(_seconds[stage] * 1000);
}
