using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>DIMSE log events: SOP instance UIDs, AE titles, sizes and statuses only.</summary>
internal static partial class DimseLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Association {AssociationId}: C-STORE {SopInstanceUid} from {CallingAe}, {Length} bytes, status {Status}")]
    public static partial void Stored(ILogger logger, string associationId, string sopInstanceUid, string callingAe, long length, DicomStatus status);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Association {AssociationId}: {Operation} handler failed")]
    public static partial void HandlerFailed(ILogger logger, string associationId, DimseCommandField operation, Exception exception);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Association {AssociationId}: C-STORE {SopInstanceUid} refused with {Status}")]
    public static partial void StoreRefused(ILogger logger, string associationId, string sopInstanceUid, DicomStatus status);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Association {AssociationId}: unsupported operation {Operation}")]
    public static partial void Unsupported(ILogger logger, string associationId, DimseCommandField operation);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Association {AssociationId}: C-STORE {SopInstanceUid} discarded, the association ended mid-data-set ({Length} bytes received)")]
    public static partial void StoreDiscarded(ILogger logger, string associationId, string sopInstanceUid, long length);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Debug, Message = "Association {AssociationId}: C-ECHO from {CallingAe}, status {Status}")]
    public static partial void Echoed(ILogger logger, string associationId, string callingAe, DicomStatus status);
}
