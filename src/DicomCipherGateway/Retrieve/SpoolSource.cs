using System.Text.RegularExpressions;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Encryption;
using DicomCipherGateway.Operations;
using DicomCipherGateway.Spool;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// Instances of a retrieval that are still in the gateway's spool (received, encrypted but not
/// yet accepted by the PACS, or dead-lettered), so a radiologist does not wait for the PACS's
/// backlog. The original comes from the sealed spool file, unsealed in memory (AES-256-GCM, the
/// object exactly as the modality sent it); when only the ciphertext object is left, it is
/// decrypted in memory by the strict decryptor. Plaintext never touches disk. Matching uses the
/// identifier's unique keys (Patient ID, Study, Series, SOP Instance UID; lists and Patient ID
/// wildcards); records are looked at by their stored Study Instance UID first and opened only
/// when that cannot decide.
/// </summary>
internal sealed class SpoolSource(ISpoolQueue queue, CipherRuntime cipher, RetrieveDecryptor decryptor, AuditTrail audit, ILogger<SpoolSource> logger)
{
    /// <summary>Records looked at per state: a spool this far behind is an incident, not a retrieval source.</summary>
    public const int MaxRecordsPerState = 10_000;

    /// <summary>The audit records' calledAe of an instance served from the spool (where the PACS's AE title is otherwise).</summary>
    public const string FromSpool = "spool";

    private static readonly DicomTag[] UniqueKeys = [DicomTags.PatientID, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SOPInstanceUID];

    /// <summary>The spool records whose object matches <paramref name="identifier"/>; nothing is kept in memory but the records.</summary>
    public async Task<IReadOnlyList<SpoolItem>> FindAsync(DicomDataset identifier, CancellationToken cancellationToken)
    {
        var keys = UniqueKeys
            .Select(tag => (Tag: tag, Values: (identifier.GetString(tag) ?? string.Empty).Trim('\0', ' ')))
            .Where(k => k.Values.Length > 0)
            .Select(k => (k.Tag, Values: k.Values.Split('\\', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        if (keys.Count == 0)
        {
            // A retrieve names at least one unique key; without one nothing is taken from the spool.
            return [];
        }

        var matches = new List<SpoolItem>();
        foreach (var state in new[] { SpoolState.Received, SpoolState.Encrypted, SpoolState.DeadLetter })
        {
            foreach (var item in await queue.ListAsync(state, MaxRecordsPerState, cancellationToken).ConfigureAwait(false))
            {
                if (Excluded(item, keys))
                {
                    continue;
                }

                if (keys.All(k => k.Tag == DicomTags.SOPInstanceUID || (k.Tag == DicomTags.StudyInstanceUID && item.StudyInstanceUid is not null)))
                {
                    matches.Add(item);
                    continue;
                }

                var original = await OpenQuietlyAsync(item, cancellationToken).ConfigureAwait(false);
                if (original is not null && keys.All(k => Matches(original.Dataset.GetString(k.Tag), k.Tag, k.Values)))
                {
                    matches.Add(item);
                }
            }
        }

        return matches;
    }

    /// <summary>The original of a spool record, in memory, audited as a decryption for <paramref name="destination"/>; null when it cannot be opened (gone, damaged), logged and audited.</summary>
    public async Task<DicomFile?> OpenAsync(SpoolItem item, string requester, string destination, CancellationToken cancellationToken)
    {
        if (item.SealedPath is { } sealedPath && File.Exists(sealedPath))
        {
            try
            {
                var original = await UnsealAsync(item, sealedPath, cancellationToken).ConfigureAwait(false);
                audit.Write(new AuditRecord
                {
                    Event = "decrypted",
                    Outcome = "success",
                    Reason = $"served from the spool ({item.State}): not yet accepted by the PACS",
                    CallingAe = requester,
                    CalledAe = FromSpool,
                    Peer = destination,
                    SopInstanceUid = item.SopInstanceUid,
                    SopClassUid = item.SopClassUid,
                    KeyId = item.KeyId,
                    SpoolId = item.Id,
                });
                return original;
            }
            catch (Exception e) when (e is SealedEnvelopeException or KeyNotFoundException or DicomException or IOException)
            {
                return Refused(item, requester, destination, e.Message);
            }
        }

        if (item.CiphertextPath is { } ciphertextPath && File.Exists(ciphertextPath))
        {
            DicomFile ciphertext;
            try
            {
                ciphertext = DicomFile.Open(ciphertextPath);
            }
            catch (Exception e) when (e is DicomException or IOException)
            {
                return Refused(item, requester, destination, e.Message);
            }

            return decryptor.Open(ciphertext, item.SopInstanceUid, requester, destination, FromSpool, cancellationToken);
        }

        // Forwarded meanwhile (its files are gone): the PACS has it now.
        return Refused(item, requester, destination, "its files are gone (forwarded to the PACS meanwhile)");
    }

    private static bool Excluded(SpoolItem item, List<(DicomTag Tag, string[] Values)> keys) =>
        keys.Any(k =>
            (k.Tag == DicomTags.SOPInstanceUID && !k.Values.Contains(item.SopInstanceUid, StringComparer.Ordinal))
            || (k.Tag == DicomTags.StudyInstanceUID && item.StudyInstanceUid is { } study && !k.Values.Contains(study, StringComparer.Ordinal)));

    private static bool Matches(string? value, DicomTag tag, string[] wanted)
    {
        var actual = (value ?? string.Empty).Trim('\0', ' ');
        return tag == DicomTags.PatientID
            ? wanted.Any(w => w.Contains('*', StringComparison.Ordinal) || w.Contains('?', StringComparison.Ordinal)
                ? Regex.IsMatch(actual, "^" + Regex.Escape(w).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1))
                : string.Equals(w, actual, StringComparison.Ordinal))
            : wanted.Contains(actual, StringComparer.Ordinal);
    }

    private async Task<DicomFile> UnsealAsync(SpoolItem item, string sealedPath, CancellationToken cancellationToken)
    {
        var image = await SealedSpoolReader.OpenAsync(sealedPath, item.SopInstanceUid, cipher.Keyring.Get, cancellationToken).ConfigureAwait(false);
        return DicomFile.Read(new MemoryStream(image, writable: false));
    }

    /// <summary>For matching only: the sealed original or, failing that, nothing (a ciphertext object's header is not opened twice).</summary>
    private async Task<DicomFile?> OpenQuietlyAsync(SpoolItem item, CancellationToken cancellationToken)
    {
        try
        {
            if (item.SealedPath is { } sealedPath && File.Exists(sealedPath))
            {
                return await UnsealAsync(item, sealedPath, cancellationToken).ConfigureAwait(false);
            }

            // The ciphertext object keeps the original's identifying attributes in clear.
            return item.CiphertextPath is { } path && File.Exists(path) ? DicomFile.Open(path) : null;
        }
        catch (Exception e) when (e is SealedEnvelopeException or KeyNotFoundException or DicomException or IOException)
        {
            return null;
        }
    }

    private DicomFile? Refused(SpoolItem item, string requester, string destination, string reason)
    {
        RetrieveLog.NotDecrypted(logger, item.SopInstanceUid, "SpoolUnreadable", reason);
        audit.Write(new AuditRecord
        {
            Event = "decrypted",
            Outcome = "failure",
            Reason = $"from the spool ({item.State}): {reason}",
            CallingAe = requester,
            CalledAe = FromSpool,
            Peer = destination,
            SopInstanceUid = item.SopInstanceUid,
            SopClassUid = item.SopClassUid,
            SpoolId = item.Id,
        });
        return null;
    }
}
