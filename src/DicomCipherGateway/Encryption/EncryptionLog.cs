using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Encryption;

internal static partial class EncryptionLog
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Cipher ready: {Environment}; active key {KeyId}, profile {Profile}, view {View}")]
    public static partial void CipherReady(ILogger logger, string environment, string keyId, string profile, string view);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Debug, Message = "Encrypted spool #{Id} ({SopInstanceUid}) with view {View} in {Milliseconds} ms")]
    public static partial void Encrypted(ILogger logger, long id, string sopInstanceUid, string view, long milliseconds);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Spool #{Id} ({SopInstanceUid}): G cannot render it ({Reason}); sealed with the noise view")]
    public static partial void NoiseFallback(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Error, Message = "Spool #{Id} ({SopInstanceUid}) cannot be encrypted and is dead-lettered: {Reason}")]
    public static partial void Failed(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Information, Message = "Spool #{Id} ({SopInstanceUid}) passes through unchanged: {Reason}")]
    public static partial void PassThrough(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 6306, Level = LogLevel.Warning, Message = "Encryption worker stopped with spool #{Id} in progress; it stays queued")]
    public static partial void Parked(ILogger logger, long id);

    [LoggerMessage(EventId = 6307, Level = LogLevel.Error, Message = "Encrypting spool #{Id} failed unexpectedly; it stays queued and is tried again")]
    public static partial void Unexpected(ILogger logger, long id, Exception exception);

    [LoggerMessage(EventId = 6308, Level = LogLevel.Debug, Message = "Encryption batch of {Objects} object(s), {Encrypted} written: unseal {UnsealMs} ms, parse {ParseMs} ms, cipher {CipherMs} ms, write {WriteMs} ms, queue {QueueMs} ms; CPU: process {CpuMs} ms, cipher thread {CipherCpuMs} ms")]
    public static partial void Batch(ILogger logger, int objects, int encrypted, long unsealMs, long parseMs, long cipherMs, long writeMs, long queueMs, long cpuMs, long cipherCpuMs);

    [LoggerMessage(EventId = 6309, Level = LogLevel.Warning, Message = "Warming G up failed; the first object pays the start-up cost")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);
}
