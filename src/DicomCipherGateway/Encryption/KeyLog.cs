using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Encryption;

/// <summary>Key rotation and the keyring while running (event ids 41xx).</summary>
internal static partial class KeyLog
{
    [LoggerMessage(EventId = 6501, Level = LogLevel.Warning, Message = "Active key changed from {Previous} to {KeyId} ({Source}); objects received from now on are sealed and encrypted with it, older ones still decrypt with theirs")]
    public static partial void Activated(ILogger logger, string previous, string keyId, string source);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Error, Message = "Key {KeyId} cannot be made active ({Source}): {Reason}; key {Current} stays active")]
    public static partial void ActivationFailed(ILogger logger, string keyId, string source, string reason, string current);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Warning, Message = "Key {KeyId} retired: its file moved to {Path}; ciphertext made with it needs that file to be decrypted again after a restart")]
    public static partial void Retired(ILogger logger, string keyId, string path);

    [LoggerMessage(EventId = 6504, Level = LogLevel.Warning, Message = "Retiring key {KeyId} refused: {Reason}")]
    public static partial void RetireRefused(ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 6505, Level = LogLevel.Error, Message = "Active key {KeyId}: {Problem}")]
    public static partial void KeyFileMissing(ILogger logger, string keyId, string problem);

    [LoggerMessage(EventId = 6506, Level = LogLevel.Information, Message = "Active key {KeyId}: its file is back in the keyring")]
    public static partial void KeyFileRestored(ILogger logger, string keyId);
}
