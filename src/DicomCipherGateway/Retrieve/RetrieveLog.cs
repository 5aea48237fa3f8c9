using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Retrieve;

internal static partial class RetrieveLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "C-FIND from {CallingAe} at {Level} level relayed to the PACS: {Matches} matches, final status {Status}")]
    public static partial void Found(ILogger logger, string callingAe, string level, int matches, string status);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "SOP Instance {SopInstanceUid} from the PACS not delivered: {Failure} ({Reason})")]
    public static partial void NotDecrypted(ILogger logger, string sopInstanceUid, string failure, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "{Operation} from {CallingAe} to {Destination}: {Completed} completed, {Failed} failed, PACS final status {PacsStatus}")]
    public static partial void Retrieved(ILogger logger, string operation, string callingAe, string destination, int completed, int failed, string pacsStatus);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Delivery of SOP Instance {SopInstanceUid} to {Destination} failed: {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string sopInstanceUid, string destination, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "The PACS {PacsAe} refused the gateway's C-MOVE with Move destination unknown: configure the gateway ({GatewayAe}, its host and port) as a DICOM peer of the PACS (Orthanc: DicomModalities; dcmqrscp: HostTable), or use Retrieve CGet")]
    public static partial void PacsDoesNotKnowGateway(ILogger logger, string pacsAe, string gatewayAe);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "C-STORE of SOP Instance {SopInstanceUid} from the PACS refused: no outstanding C-MOVE of the gateway has message ID {MessageId}")]
    public static partial void UnmatchedSubOperation(ILogger logger, string sopInstanceUid, int messageId);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "{Count} instances served from the gateway's spool (not yet in the PACS) to {CallingAe} for {Destination}")]
    public static partial void ServedFromSpool(ILogger logger, int count, string callingAe, string destination);
}
