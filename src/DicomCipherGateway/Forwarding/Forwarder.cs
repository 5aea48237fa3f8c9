using System.Diagnostics;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;
using DicomCipherGateway.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace DicomCipherGateway.Forwarding;

/// <summary>
/// Forward:Associations loops, each taking the next Encrypted object that is due (study order
/// kept by the queue's claim) and C-STOREing it to the PACS through the Polly pipeline. What
/// then happens to the object (forwarded, retried later, dead-lettered) is decided by
/// <see cref="ForwardOutcomeClassifier"/>.
/// </summary>
internal sealed class Forwarder : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly ISpoolQueue _queue;
    private readonly SpoolSignals _signals;
    private readonly PacsAssociationPool _pool;
    private readonly ForwardOutcomes _outcomes;
    private readonly AuditTrail _audit;
    private readonly GatewayMetrics _metrics;
    private readonly ForwardOptions _options;
    private readonly ILogger<Forwarder> _logger;
    private readonly ResiliencePipeline<DicomStatus> _pipeline;

    public Forwarder(ISpoolQueue queue, SpoolSignals signals, PacsAssociationPool pool, ForwardOutcomes outcomes, AuditTrail audit, GatewayMetrics metrics, IOptions<GatewayOptions> options, ILogger<Forwarder> logger)
    {
        _queue = queue;
        _signals = signals;
        _pool = pool;
        _outcomes = outcomes;
        _audit = audit;
        _metrics = metrics;
        _options = options.Value.Forward;
        _logger = logger;
        _pipeline = ForwardPipelineFactory.Create(_options, pool.CalledAeTitle, metrics, logger);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = Enumerable.Range(0, _options.Associations).Select(_ => Task.Run(() => RunAsync(stoppingToken), CancellationToken.None)).ToList();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
                await _pool.TrimAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        await _pool.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            SpoolItem? item;
            try
            {
                item = await _queue.ClaimAsync(SpoolState.Encrypted, stoppingToken).ConfigureAwait(false);
                if (item is null)
                {
                    await _signals.WaitEncryptedAsync(Poll, stoppingToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ForwardingLog.Unexpected(_logger, 0, e);
                await Task.Delay(Poll, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                await ForwardAsync(item, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                ForwardingLog.Parked(_logger, item.Id);
            }
            catch (Exception e)
            {
                // A disk or database failure must not end the service: the object stays Encrypted and is tried again.
                ForwardingLog.Unexpected(_logger, item.Id, e);
                await Task.Delay(Poll, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _queue.Release(item.Id);
            }

            // The next object of this study may have been waiting for this one.
            _signals.Encrypted();
        }
    }

    private async Task ForwardAsync(SpoolItem item, CancellationToken stoppingToken)
    {
        var started = Stopwatch.StartNew();
        ForwardDecision decision;
        string reason;
        try
        {
            var status = await _pipeline.ExecuteAsync(ct => StoreOnceAsync(item, ct), stoppingToken).ConfigureAwait(false);
            decision = ForwardOutcomeClassifier.Classify(status);
            reason = $"status {status}";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            decision = ForwardOutcomeClassifier.Classify(e);
            reason = e.Message;
        }

        var peer = _pool.CalledAeTitle;
        switch (decision)
        {
            case ForwardDecision.Done:
                await _queue.MarkForwardedAsync(item.Id, CancellationToken.None).ConfigureAwait(false);
                File.Delete(item.CiphertextPath!);
                _metrics.Forwarded.Inc();
                _metrics.ForwardSeconds.Observe(started.Elapsed.TotalSeconds);
                ForwardingLog.Forwarded(_logger, item.Id, item.SopInstanceUid, peer, reason);
                _audit.Write(new AuditRecord { Event = "forwarded", Outcome = "success", Status = reason, Peer = peer, SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, KeyId = item.KeyId, View = item.View, SpoolId = item.Id });
                _outcomes.Complete(item.Id, SpoolState.Forwarded);
                return;
            case ForwardDecision.Transient:
                _metrics.Failed.WithLabels("transient").Inc();
                await _queue.RecordFailureAsync(item.Id, reason, _options.BreakDuration, CancellationToken.None).ConfigureAwait(false);
                ForwardingLog.Deferred(_logger, item.Id, item.SopInstanceUid, "transient", reason, _options.BreakDuration);
                return;
            case ForwardDecision.Counted:
                _metrics.Failed.WithLabels("permanent").Inc();
                var attempts = await _queue.RecordFailureAsync(item.Id, reason, _options.RetryDelay, CancellationToken.None).ConfigureAwait(false);
                if (attempts < _options.PermanentFailureAttempts)
                {
                    ForwardingLog.Deferred(_logger, item.Id, item.SopInstanceUid, $"failure {attempts} of {_options.PermanentFailureAttempts}", reason, _options.RetryDelay);
                    return;
                }

                reason = $"{reason} ({attempts} attempts)";
                break;
        }

        await _queue.MarkDeadLetterAsync(item.Id, reason, CancellationToken.None).ConfigureAwait(false);
        _metrics.DeadLettered.Inc();
        ForwardingLog.DeadLettered(_logger, item.Id, item.SopInstanceUid, reason);
        _audit.Write(new AuditRecord { Event = "dead-lettered", Outcome = "failure", Reason = reason, Peer = peer, SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, KeyId = item.KeyId, View = item.View, SpoolId = item.Id });
        _outcomes.Complete(item.Id, SpoolState.DeadLetter);
    }

    private async ValueTask<DicomStatus> StoreOnceAsync(SpoolItem item, CancellationToken cancellationToken)
    {
        var association = await _pool.RentAsync(item.SopClassUid, cancellationToken).ConfigureAwait(false);
        var reusable = false;
        try
        {
            var status = await association.StoreAsync(item.CiphertextPath!, cancellationToken).ConfigureAwait(false);
            reusable = true;
            if (status.IsCompleted)
            {
                _metrics.ForwardedBytes.Inc(new FileInfo(item.CiphertextPath!).Length);
            }

            return status;
        }
        finally
        {
            await _pool.ReturnAsync(association, reusable).ConfigureAwait(false);
        }
    }
}
