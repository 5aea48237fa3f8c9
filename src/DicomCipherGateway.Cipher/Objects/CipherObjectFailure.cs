namespace DicomCipherGateway.Cipher.Objects;

/// <summary>Kinds of <see cref="CipherObjectException"/>.</summary>
public enum CipherObjectFailure
{
    /// <summary>The input cannot be encrypted (no pixel data, unsupported layout or syntax, already encrypted).</summary>
    Unsupported,

    /// <summary>
    /// The object carries no ciphertext private block and no remnant of one (legacy plaintext), and
    /// the <see cref="DecryptionPolicy"/> does not allow it. (An object with remnants of a ciphertext
    /// object is <see cref="Tampered"/>, never this.)
    /// </summary>
    NotEncrypted,

    /// <summary>The key named by the object is not in the keyring.</summary>
    KeyNotFound,

    /// <summary>The key given is not the one the object was encrypted with.</summary>
    WrongKey,

    /// <summary>The envelope, the bound attributes or the ciphertext pixel data were altered.</summary>
    Tampered,

    /// <summary>The private block is incomplete or malformed (e.g. truncated in transit).</summary>
    Malformed,

    /// <summary>Identity attributes changed since encryption and the policy refuses that (<see cref="DecryptionPolicy.RefuseIdentityChanges"/>); the changes are in <see cref="CipherObjectException.HeaderChanges"/>.</summary>
    IdentityChanged,
}
