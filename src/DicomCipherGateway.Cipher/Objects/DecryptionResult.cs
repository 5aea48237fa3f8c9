using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>What <see cref="DicomObjectDecryptor.Open"/> made of an object.</summary>
public enum DecryptionOutcome
{
    /// <summary>A ciphertext object, decrypted and checked.</summary>
    Decrypted,

    /// <summary>Legacy plaintext the policy allows, passed unchanged.</summary>
    LegacyPlaintext,
}

/// <summary>
/// The result of opening one object from the PACS: the object to pass on, and what the caller
/// audits. Holds no patient names or IDs (header changes name attributes, never values).
/// </summary>
/// <param name="File">The decrypted original, or for <see cref="DecryptionOutcome.LegacyPlaintext"/> the input itself.</param>
/// <param name="Outcome">Decrypted, or legacy plaintext passed by policy.</param>
/// <param name="SopInstanceUid">The object's SOP Instance UID.</param>
/// <param name="KeyId">The key that had encrypted it (null for legacy plaintext).</param>
/// <param name="Profile">The cipher profile (null for legacy plaintext).</param>
/// <param name="View">The ciphertext view (null for legacy plaintext).</param>
/// <param name="HeaderChanges">Clear header attributes that differ from the header sealed at encryption (identity and other; presentation changes are refused, never listed here).</param>
/// <param name="LegacyBasis">Why legacy plaintext was allowed, e.g. "Instance Creation Date (0008,0012) 2019-03-01 is before the cut-over 2026-01-01".</param>
public sealed record DecryptionResult(
    DicomFile File,
    DecryptionOutcome Outcome,
    string SopInstanceUid,
    KeyId? KeyId,
    CipherProfile? Profile,
    CipherView? View,
    IReadOnlyList<HeaderChange> HeaderChanges,
    string? LegacyBasis)
{
    /// <summary>True when an identity attribute (patient, study, series) changed since encryption, e.g. by patient reconciliation in the PACS.</summary>
    public bool IdentityChanged => HeaderChanges.Any(c => c.Class == HeaderAttributeClass.Identity);
}
