using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>One object's result in <see cref="DicomObjectEncryptor.EncryptBatch"/>: its ciphertext object, or why it cannot be encrypted.</summary>
/// <param name="Ciphertext">The ciphertext object; null when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why the object cannot be encrypted; null on success.</param>
public sealed record EncryptionOutcome(DicomFile? Ciphertext, CipherObjectException? Failure);
