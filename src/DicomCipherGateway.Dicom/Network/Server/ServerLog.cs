using System.Net;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Network.Server;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "DICOM server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Connection {ConnectionId} from {Remote} failed before an association: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string connectionId, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Association limit {Limit} reached; rejecting connection {ConnectionId} from {Remote}")]
    public static partial void LimitReached(ILogger logger, int limit, string connectionId, EndPoint? remote);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "DICOM server on {EndPoint} stopped; {Aborted} associations aborted at stop")]
    public static partial void Stopped(ILogger logger, EndPoint endPoint, int aborted);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Accept loop on {EndPoint} failed")]
    public static partial void AcceptFailed(ILogger logger, EndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug, Message = "Association {AssociationId} ended: {Reason}")]
    public static partial void AssociationEnded(ILogger logger, string associationId, string reason);
}
