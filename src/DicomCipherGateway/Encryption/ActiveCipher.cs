using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;

namespace DicomCipherGateway.Encryption;

/// <summary>
/// The active key and the encryptors built on it, swapped as one when the key rotates: a worker
/// takes one snapshot per object, so the key id it records is the key that encrypted.
/// </summary>
/// <param name="KeyId">The key that encrypts.</param>
/// <param name="Encryptor">The configured profile and view.</param>
/// <param name="NoiseEncryptor">Sealed profile, noise view: for objects whose pixels G cannot take.</param>
internal sealed record ActiveCipher(KeyId KeyId, DicomObjectEncryptor Encryptor, DicomObjectEncryptor NoiseEncryptor);
