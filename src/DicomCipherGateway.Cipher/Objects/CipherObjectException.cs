namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// A DICOM object that cannot be encrypted or decrypted: unsupported pixel data, a missing or
/// wrong key, a tampered or truncated ciphertext object. Names the SOP Instance UID (never
/// patient data) and the reason; nothing was produced.
/// </summary>
public sealed class CipherObjectException : Exception
{
    /// <summary>Creates the exception for the object <paramref name="sopInstanceUid"/>.</summary>
    public CipherObjectException(string? sopInstanceUid, CipherObjectFailure failure, string reason, Exception? inner = null)
        : this(sopInstanceUid, failure, reason, [], inner)
    {
    }

    /// <summary>Creates the exception with the header changes found (for the audit trail).</summary>
    public CipherObjectException(string? sopInstanceUid, CipherObjectFailure failure, string reason, IReadOnlyList<HeaderChange> headerChanges, Exception? inner = null)
        : base($"SOP Instance {sopInstanceUid ?? "(no SOP Instance UID)"}: {reason}", inner)
    {
        SopInstanceUid = sopInstanceUid;
        Failure = failure;
        Reason = reason;
        HeaderChanges = headerChanges;
    }

    /// <summary>The object's SOP Instance UID (0008,0018), when it has one.</summary>
    public string? SopInstanceUid { get; }

    /// <summary>What kind of failure, for callers that react differently (e.g. pass through objects that are not encrypted).</summary>
    public CipherObjectFailure Failure { get; }

    /// <summary>Why, in one sentence.</summary>
    public string Reason { get; }

    /// <summary>Clear header attributes found changed since encryption, when the check was reached (names and tags only).</summary>
    public IReadOnlyList<HeaderChange> HeaderChanges { get; }
}
