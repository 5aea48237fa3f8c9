using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Forwarding;

internal static partial class ForwardingLog
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Debug, Message = "Association to {Pacs} opened, proposing {Classes} SOP class(es)")]
    public static partial void AssociationOpened(ILogger logger, string pacs, int classes);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Debug, Message = "Forwarded spool #{Id} ({SopInstanceUid}) to {Pacs}: {Status}")]
    public static partial void Forwarded(ILogger logger, long id, string sopInstanceUid, string pacs, string status);

    [LoggerMessage(EventId = 6403, Level = LogLevel.Warning, Message = "Forward of spool #{Id} ({SopInstanceUid}) failed ({Kind}): {Reason}; next try in {RetryAfter}")]
    public static partial void Deferred(ILogger logger, long id, string sopInstanceUid, string kind, string reason, TimeSpan retryAfter);

    [LoggerMessage(EventId = 6404, Level = LogLevel.Error, Message = "Spool #{Id} ({SopInstanceUid}) dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, long id, string sopInstanceUid, string reason);

    [LoggerMessage(EventId = 6405, Level = LogLevel.Warning, Message = "Retrying a forward to {Pacs} in {Delay} (attempt {Attempt}): {Reason}")]
    public static partial void Retrying(ILogger logger, string pacs, TimeSpan delay, int attempt, string reason);

    [LoggerMessage(EventId = 6406, Level = LogLevel.Warning, Message = "Circuit to {Pacs} is now {State}")]
    public static partial void Circuit(ILogger logger, string pacs, string state);

    [LoggerMessage(EventId = 6407, Level = LogLevel.Information, Message = "Forwarder stopped with spool #{Id} in progress; it stays queued")]
    public static partial void Parked(ILogger logger, long id);

    [LoggerMessage(EventId = 6408, Level = LogLevel.Error, Message = "Forwarding spool #{Id} failed unexpectedly; it stays queued and is tried again")]
    public static partial void Unexpected(ILogger logger, long id, Exception exception);
}
