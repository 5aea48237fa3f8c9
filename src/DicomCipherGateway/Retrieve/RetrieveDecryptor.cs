using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Encryption;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Retrieve;

/// <summary>
/// The strict decryptor of the retrieve path, under the site's Gateway:Retrieve policy, with one
/// audit record per instance: who retrieved it, for which destination, with which key, and the
/// outcome (decrypted, legacy plaintext passed by policy, or refused and why).
/// </summary>
internal sealed class RetrieveDecryptor(CipherRuntime cipher, AuditTrail audit, IOptions<GatewayOptions> options, ILogger<RetrieveDecryptor> logger)
{
    private readonly Lazy<DicomObjectDecryptor> _decryptor = new(() => new DicomObjectDecryptor(cipher.Keyring, Policy(options.Value.Retrieve)));

    public static DecryptionPolicy Policy(RetrieveOptions retrieve) => new()
    {
        LegacyPlaintext = Enum.Parse<LegacyPlaintextRule>(retrieve.LegacyPlaintext, ignoreCase: true),
        LegacyCutover = retrieve.LegacyCutover,
        RefuseIdentityChanges = retrieve.RefuseIdentityChanges,
    };

    /// <summary>The original of <paramref name="fromPacs"/>, or null when it is refused (audited and logged, never thrown).</summary>
    public DicomFile? Open(DicomFile fromPacs, string sopInstanceUid, string requester, string destination, string pacs, CancellationToken cancellationToken)
    {
        var sopClass = fromPacs.Dataset.GetString(Dicom.Dictionary.DicomTags.SOPClassUID)?.TrimEnd('\0', ' ');
        try
        {
            var result = _decryptor.Value.Open(fromPacs, cancellationToken);
            var changes = result.HeaderChanges.Count == 0 ? null : $"header changed since encryption: {string.Join("; ", result.HeaderChanges)}";
            audit.Write(new AuditRecord
            {
                Event = "decrypted",
                Outcome = result.Outcome == DecryptionOutcome.Decrypted ? "success" : "legacy-plaintext",
                Reason = result.Outcome == DecryptionOutcome.Decrypted ? changes : result.LegacyBasis,
                CallingAe = requester,
                Peer = destination,
                CalledAe = pacs,
                SopInstanceUid = sopInstanceUid,
                SopClassUid = sopClass,
                KeyId = result.KeyId?.ToString(),
                View = result.View?.ToString().ToLowerInvariant(),
            });
            return result.File;
        }
        catch (CipherObjectException e)
        {
            RetrieveLog.NotDecrypted(logger, sopInstanceUid, e.Failure.ToString(), e.Reason);
            audit.Write(new AuditRecord
            {
                Event = "decrypted",
                Outcome = "failure",
                Reason = $"{e.Failure}: {e.Reason}",
                CallingAe = requester,
                Peer = destination,
                CalledAe = pacs,
                SopInstanceUid = sopInstanceUid,
                SopClassUid = sopClass,
            });
            return null;
        }
    }
}
