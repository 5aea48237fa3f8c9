using DicomCipherGateway.Spool;
using Microsoft.Extensions.Hosting;

namespace DicomCipherGateway.Operations;

/// <summary>Samples the queue depth by state into the metrics every two seconds.</summary>
internal sealed class QueueDepthSampler(ISpoolQueue queue, GatewayMetrics metrics) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var (state, count) in await queue.CountAsync(stoppingToken).ConfigureAwait(false))
                {
                    metrics.QueueDepth.WithLabels(state.ToString()).Set(count);
                }

                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
