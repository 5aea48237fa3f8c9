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
/// Cipher:Workers loops, each taking the next Received object: unseal it in memory, run the
/// encryptor (configured profile and view; the noise view when G cannot render the pixels),
/// write the ciphertext object durably, mark it Encrypted. A modality never waits for this.
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

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Cipher.Workers).Select(_ =>
            Task.Factory.StartNew(() => RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            SpoolItem? item;
            try
            {
                item = await queue.ClaimAsync(SpoolState.Received, stoppingToken).ConfigureAwait(false);
                if (item is null)
                {
                    await signals.WaitReceivedAsync(Poll, stoppingToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                EncryptionLog.Unexpected(logger, 0, e);
                await Task.Delay(Poll, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                await ProcessAsync(item, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                EncryptionLog.Parked(logger, item.Id);
            }
            catch (Exception e)
            {
                // A disk or database failure must not end the service: the object stays Received and is tried again.
                EncryptionLog.Unexpected(logger, item.Id, e);
                await Task.Delay(Poll, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                queue.Release(item.Id);
            }
        }
    }

    private async Task ProcessAsync(SpoolItem item, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        DicomFile original;
        try
        {
            var image = await SealedSpoolReader.OpenAsync(item.SealedPath!, item.SopInstanceUid, cipher.Keyring.Get, cancellationToken).ConfigureAwait(false);
            original = DicomFile.Read(new MemoryStream(image, writable: false));
        }
        catch (Exception e) when (e is SealedEnvelopeException or KeyNotFoundException or DicomException or IOException or EndOfStreamException)
        {
            await DeadLetterAsync(item, $"cannot open the sealed object: {e.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var study = original.Dataset.GetString(DicomTags.StudyInstanceUID)?.Trim('\0', ' ') ?? string.Empty;
        var active = cipher.Current; // one snapshot: the key recorded is the key that encrypted, even if it rotates meanwhile
        string view;
        DicomFile output;
        if (PassThroughReason(original.Dataset) is { } passReason)
        {
            // Nothing to protect: no pixel-bearing element, or already a ciphertext object.
            EncryptionLog.PassThrough(logger, item.Id, item.SopInstanceUid, passReason);
            view = "none";
            output = original;
        }
        else
        {
            try
            {
                // OpenMP thread counts can be per thread: set Cipher:Threads on the thread that runs G, not only at start.
                TorchSharp.torch.set_num_threads(cipher.Environment.Threads);
                output = active.Encryptor.Encrypt(original, cancellationToken);
                view = active.Encryptor.Options.View == CipherView.G ? "g" : "noise";
            }
            catch (CipherObjectException e) when (e.Failure == CipherObjectFailure.Unsupported && active.Encryptor.Options.View == CipherView.G)
            {
                EncryptionLog.NoiseFallback(logger, item.Id, item.SopInstanceUid, e.Reason);
                try
                {
                    output = active.NoiseEncryptor.Encrypt(original, cancellationToken);
                    view = "noise";
                    audit.Write(new AuditRecord { Event = "encrypted", Outcome = "noise-view", Reason = e.Reason, SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, Peer = item.CallingAeTitle, KeyId = active.KeyId.ToString(), View = "noise", SpoolId = item.Id });
                }
                catch (CipherObjectException noise)
                {
                    await DeadLetterAsync(item, noise.Reason, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (CipherObjectException e)
            {
                await DeadLetterAsync(item, e.Reason, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var path = paths.CiphertextPath(item.Id);
        await SpoolFiles.WriteDurablyAsync(path, (stream, ct) => output.WriteAsync(stream, cancellationToken: ct).AsTask(), cancellationToken).ConfigureAwait(false);
        var keyId = view == "none" ? item.KeyId : active.KeyId.ToString();
        await queue.MarkEncryptedAsync(item.Id, path, study, view, keyId, CancellationToken.None).ConfigureAwait(false);
        File.Delete(item.SealedPath!);
        signals.Encrypted();
        metrics.Encrypted.WithLabels(view).Inc();
        metrics.CipherSeconds.Observe(started.Elapsed.TotalSeconds);
        EncryptionLog.Encrypted(logger, item.Id, item.SopInstanceUid, view, started.ElapsedMilliseconds);
        if (view != "noise")
        {
            audit.Write(new AuditRecord { Event = "encrypted", Outcome = view == "none" ? "passed-through" : "success", SopInstanceUid = item.SopInstanceUid, SopClassUid = item.SopClassUid, Peer = item.CallingAeTitle, KeyId = keyId, View = view, SpoolId = item.Id });
        }
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
