using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>What a key file says about its key (no secrets): shown by <c>dcg key info</c>.</summary>
public sealed record KeyMetadata(
    KeyId KeyId,
    DateTimeOffset Created,
    DlednetArchitecture Architecture,
    TrainingSummary Training,
    string EncryptorFingerprint,
    string DecryptorFingerprint,
    KeyQualityCheck? QualityCheck = null);
