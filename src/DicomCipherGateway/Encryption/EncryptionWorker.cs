using System.Diagnostics;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Operations;
using DicomCipherGateway.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Encryption;

/// <summary>
/// Cipher:Workers loops, each taking the next Received objects (up to Cipher:BatchSize of them,
/// when that many are waiting): unseal them in memory, run the encryptor over them together
/// (configured profile and view, frames of equal size sharing G's forward passes; the noise view
/// when G cannot render an object's pixels), write each ciphertext object durably, mark it
/// Encrypted. A modality never waits for this.
/// </summary>
internal sealed class EncryptionWorker(
    ISpoolQueue queue,
    SpoolSignals signals,
    SpoolPaths paths,
    CipherRuntime cipher,
    AuditTrail audit,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    ILogger<EncryptionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Sealed bytes one batch holds in memory at most (beyond its first object, which is always taken).</summary>
    private const long MaxBatchBytes = 256L * 1024 * 1024;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Cipher.Workers).Select(n => RunAsync(n, stoppingToken)));

    private async Task RunAsync(int worker, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var thread = new CipherThread($"dcg-cipher-{worker}", cipher.Environment.Threads);
        _ = WarmUpAsync(thread);
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = new List<SpoolItem>();
            try
            {
                await ClaimBatchAsync(batch, stoppingToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    await signals.WaitReceivedAsync(Poll, stoppingToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                Release(batch);
                return;
            }
            catch (Exception e)
            {
                Release(batch);
                EncryptionLog.Unexpected(logger, 0, e);
                await Task.Delay(Poll, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var done = new HashSet<long>();
            try
            {
                await ProcessAsync(thread, batch, done, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                foreach (var item in batch.Where(i => !done.Contains(i.Id)))
                {
                    EncryptionLog.Parked(logger, item.Id);
                }
            }
            catch (Exception e)
            {
                // A disk or database failure must not end the service: the objects not finished stay Received and are tried again.
                foreach (var item in batch.Where(i => !done.Contains(i.Id)))
                {
                    EncryptionLog.Unexpected(logger, item.Id, e);
                }

                await Task.Delay(Poll, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Release(batch);
            }
        }
    }

    private async Task WarmUpAsync(CipherThread thread)
    {
        try
        {
            // Queued on G's thread ahead of any object: an object that arrives meanwhile waits for it, never beside it.
            await thread.RunAsync(() =>
            {
                cipher.WarmUp();
                return true;
            }).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Only a head start: the first object pays the cost instead, and reports any real fault itself.
            EncryptionLog.WarmUpFailed(logger, e);
        }
    }

    /// <summary>The next Received object, and as many more as are already waiting, up to Cipher:BatchSize and <see cref="MaxBatchBytes"/>.</summary>
    private async Task ClaimBatchAsync(List<SpoolItem> batch, CancellationToken cancellationToken)
    {
        var limit = Math.Max(1, options.Value.Cipher.BatchSize);
        long bytes = 0;
        while (batch.Count < limit && (batch.Count == 0 || bytes < MaxBatchBytes))
        {
            var item = await queue.ClaimAsync(SpoolState.Received, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return;
            }

            batch.Add(item);
            bytes += item.Length;
        }
    }

    private void Release(List<SpoolItem> batch)
    {
        foreach (var item in batch)
        {
            queue.Release(item.Id);
        }
    }

    private async Task ProcessAsync(CipherThread thread, List<SpoolItem> batch, HashSet<long> done, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var stages = new EncryptionStages(metrics, batch.Count, thread);

        // Unseal and parse each object; one that cannot be opened is dead-lettered alone.
        var opened = new List<(SpoolItem Item, DicomFile Original)>(batch.Count);
        foreach (var item in batch)
        {
            try
            {
                var image = await SealedSpoolReader.OpenAsync(item.SealedPath!, item.SopInstanceUid, cipher.Keyring.Get, cancellationToken).ConfigureAwait(false);
                stages.Lap(EncryptionStages.Unseal);
                opened.Add((item, DicomFile.Read(new MemoryStream(image, writable: false))));
                stages.Lap(EncryptionStages.Parse);
            }
            catch (Exception e) when (e is SealedEnvelopeException or KeyNotFoundException or DicomException or IOException or EndOfStreamException)
            {
                await DeadLetterAsync(item, $"cannot open the sealed object: {e.Message}", cancellationToken).ConfigureAwait(false);
                done.Add(item.Id);
                stages.Restart();
            }
        }

        var active = cipher.Current; // one snapshot per batch: the key recorded is the key that encrypted, even if it rotates meanwhile
        var results = new List<(SpoolItem Item, DicomFile Original, DicomFile Output, string View)>(opened.Count);
        var toEncrypt = new List<(SpoolItem Item, DicomFile Original)>(opened.Count);
        foreach (var (item, original) in opened)
        {
            if (PassThroughReason(original.Dataset) is { } passReason)
            {
                // Nothing to protect: no pixel-bearing element, or already a ciphertext object.
                EncryptionLog.PassThrough(logger, item.Id, item.SopInstanceUid, passReason);
                results.Add((item, original, original, "none"));
            }
            else
            {
                toEncrypt.Add((item, original));
            }
        }

        if (toEncrypt.Count > 0)
        {
            var originals = toEncrypt.Select(o => o.Original).ToList();
            var outcomes = await thread.RunAsync(() => active.Encryptor.EncryptBatch(originals, cancellationToken)).ConfigureAwait(false);
            stages.Lap(EncryptionStages.Cipher);
            for (var i = 0; i < toEncrypt.Count; i++)
            {
                var (item, original) = toEncrypt[i];
                if (outcomes[i].Ciphertext is { } ciphertext)
                {
                    results.Add((item, original, ciphertext, active.Encryptor.Options.View == CipherView.G ? "g" : "noise"));
                    continue;
                }

                var failure = outcomes[i].Failure!;
                if (failure.Failure == CipherObjectFailure.Unsupported && active.Encryptor.Options.View == CipherView.G)
                {
                    EncryptionLog.NoiseFallback(logger, item.Id, item.SopInstanceUid, failure.Reason);
                    try
                    {
                        var noiseView = await thread.RunAsync(() => active.NoiseEncryptor.Encrypt(original, cancellationToken)).ConfigureAwait(false);
                        results.Add((item, original, noiseView, "noise"));
                        audit.Write(new AuditRecord { Event = "encrypted", Outcome = "noise-view", Reason = failure.Reason, SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, Peer = item.CallingAeTitle, KeyId = active.KeyId.ToString(), View = "noise", SpoolId = item.Id });
                    }
                    catch (CipherObjectException noise)
                    {
                        await DeadLetterAsync(item, noise.Reason, cancellationToken).ConfigureAwait(false);
                        done.Add(item.Id);
                    }

                    stages.Lap(EncryptionStages.Cipher);
                }
                else
                {
                    await DeadLetterAsync(item, failure.Reason, cancellationToken).ConfigureAwait(false);
                    done.Add(item.Id);
                    stages.Restart();
                }
            }
        }

        foreach (var (item, original, output, view) in results.OrderBy(r => r.Item.Id))
        {
            var path = paths.CiphertextPath(item.Id);
            await SpoolFiles.WriteDurablyAsync(path, (stream, ct) => output.WriteAsync(stream, cancellationToken: ct).AsTask(), cancellationToken).ConfigureAwait(false);
            stages.Lap(EncryptionStages.Write);
            var study = original.Dataset.GetString(DicomTags.StudyInstanceUID)?.Trim('\0', ' ') ?? string.Empty;
            var keyId = view == "none" ? item.KeyId : active.KeyId.ToString();
            await queue.MarkEncryptedAsync(item.Id, path, study, view, keyId, CancellationToken.None).ConfigureAwait(false);
            File.Delete(item.SealedPath!);
            done.Add(item.Id);
            stages.Lap(EncryptionStages.Queue);
            signals.Encrypted();
            metrics.Encrypted.WithLabels(view).Inc();
            metrics.CipherSeconds.Observe(started.Elapsed.TotalSeconds);
            EncryptionLog.Encrypted(logger, item.Id, item.SopInstanceUid, view, started.ElapsedMilliseconds);
            if (view != "noise")
            {
                audit.Write(new AuditRecord { Event = "encrypted", Outcome = view == "none" ? "passed-through" : "success", SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, Peer = item.CallingAeTitle, KeyId = keyId, View = view, SpoolId = item.Id });
            }
        }

        stages.Report(logger, results.Count);
    }

    private static string? PassThroughReason(DicomDataset dataset)
    {
        if (DicomObjectDecryptor.IsEncrypted(dataset))
        {
            return "already a ciphertext object";
        }

        var pixelBearing = dataset.Contains(DicomTags.PixelData) || dataset.Contains(DicomTags.FloatPixelData) || dataset.Contains(DicomTags.DoubleFloatPixelData);
        return pixelBearing ? null : "no pixel data";
    }

    private async Task DeadLetterAsync(SpoolItem item, string reason, CancellationToken cancellationToken)
    {
        EncryptionLog.Failed(logger, item.Id, item.SopInstanceUid, reason);
        await queue.MarkDeadLetterAsync(item.Id, "encryption: " + reason, CancellationToken.None).ConfigureAwait(false);
        metrics.DeadLettered.Inc();
        audit.Write(new AuditRecord { Event = "dead-lettered", Outcome = "failure", Reason = "encryption: " + reason, SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, Peer = item.CallingAeTitle, KeyId = item.KeyId, SpoolId = item.Id });
        cancellationToken.ThrowIfCancellationRequested();
    }
}
