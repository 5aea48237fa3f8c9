using DicomCipherGateway.Configuration;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Spool;

/// <summary>Free space on the spool's file system against Spool:MinFreeBytes (checked per C-STORE, cached briefly).</summary>
internal sealed class SpoolSpace(SpoolPaths paths, IOptions<GatewayOptions> options, GatewayMetrics metrics)
{
    private long _free = -1;
    private long _checkedAt;

    public long MinFreeBytes => options.Value.Spool.MinFreeBytes;

    public long FreeBytes
    {
        get
        {
            var now = Environment.TickCount64;
            if (_free < 0 || now - Interlocked.Read(ref _checkedAt) > 1000)
            {
                var free = new DriveInfo(paths.Root).AvailableFreeSpace;
                Interlocked.Exchange(ref _free, free);
                Interlocked.Exchange(ref _checkedAt, now);
                metrics.SpoolFreeBytes.Set(free);
            }

            return Interlocked.Read(ref _free);
        }
    }

    /// <summary>True when a new object may be received.</summary>
    public bool AboveWatermark => FreeBytes >= MinFreeBytes;
}
