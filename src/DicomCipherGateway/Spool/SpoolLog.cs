using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Spool;

internal static partial class SpoolLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Spool queue {Database} opened; {Removed} leftover file(s) removed")]
    public static partial void Opened(ILogger logger, string database, int removed);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Error, Message = "Committing {Count} admission(s) failed; they are answered Out of Resources")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);
}
