using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Encryption;

internal static partial class EncryptionLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cipher ready: {Environment}; active key {KeyId}, profile {Profile}, view {View}")]
    public static partial void CipherReady(ILogger logger, string environment, string keyId, string profile, string view);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Encrypted spool #{Id} ({SopInstanceUid}) with view {View} in {Milliseconds} ms")]
    public static partial void Encrypted(ILogger logger, long id, string sopInstanceUid, string view, long milliseconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Spool #{Id} ({SopInstanceUid}): G cannot render it ({Reason}); sealed with the noise view")]
    public static partial void NoiseFallback(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Spool #{Id} ({SopInstanceUid}) cannot be encrypted and is dead-lettered: {Reason}")]
    public static partial void Failed(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Spool #{Id} ({SopInstanceUid}) passes through unchanged: {Reason}")]
    public static partial void PassThrough(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Encryption worker stopped with spool #{Id} in progress; it stays queued")]
    public static partial void Parked(ILogger logger, long id);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Encrypting spool #{Id} failed unexpectedly; it stays queued and is tried again")]
    public static partial void Unexpected(ILogger logger, long id, Exception exception);
}
