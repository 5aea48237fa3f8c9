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

    [LoggerMessage(EventId = 4207, Level = LogLevel.Information, Message = "Association {AssociationId}: C-FIND from {CallingAe} at level {Level}, {Matches} matches, status {Status}")]
    public static partial void Found(ILogger logger, string associationId, string callingAe, string level, int matches, DicomStatus status);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Information, Message = "Association {AssociationId}: {Operation} from {CallingAe} to '{Destination}', {Completed} completed, {Failed} failed, {Warning} warnings, status {Status}")]
    public static partial void Retrieved(ILogger logger, string associationId, DimseCommandField operation, string callingAe, string destination, int completed, int failed, int warning, DicomStatus status);

    [LoggerMessage(EventId = 4209, Level = LogLevel.Information, Message = "Association {AssociationId}: C-CANCEL of message {MessageId}")]
    public static partial void CancelRequested(ILogger logger, string associationId, ushort messageId);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Association {AssociationId}: storage commitment {TransactionUid} requested by {CallingAe} for {Count} instances")]
    public static partial void CommitmentRequested(ILogger logger, string associationId, string callingAe, string transactionUid, int count);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Association {AssociationId}: storage commitment report {TransactionUid} sent to {CallingAe}, status {Status}")]
    public static partial void CommitmentReportSent(ILogger logger, string associationId, string callingAe, string transactionUid, DicomStatus status);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Error, Message = "Association {AssociationId}: storage commitment report {TransactionUid} for {CallingAe} could not be sent")]
    public static partial void CommitmentReportFailed(ILogger logger, string associationId, string callingAe, string transactionUid, Exception exception);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Information, Message = "Association {AssociationId}: storage commitment report {TransactionUid} from {CallingAe}: {Committed} committed, {Failed} failed")]
    public static partial void CommitmentReported(ILogger logger, string associationId, string callingAe, string transactionUid, int committed, int failed);

    [LoggerMessage(EventId = 4214, Level = LogLevel.Information, Message = "Association {AssociationId}: C-CANCEL sent for message {MessageId}")]
    public static partial void CancelSent(ILogger logger, string associationId, ushort messageId);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Warning, Message = "Association {AssociationId}: storage commitment report {TransactionUid} for {CallingAe} not delivered (attempt {Attempt} of {MaxAttempts}: {Reason}); retrying in {DelaySeconds} s")]
    public static partial void CommitmentReportRetry(ILogger logger, string associationId, string callingAe, string transactionUid, int attempt, int maxAttempts, double delaySeconds, string reason);

    [LoggerMessage(EventId = 4216, Level = LogLevel.Error, Message = "Association {AssociationId}: storage commitment report {TransactionUid} for {CallingAe} dropped after {Attempts} attempts")]
    public static partial void CommitmentReportGaveUp(ILogger logger, string associationId, string callingAe, string transactionUid, int attempts, Exception exception);
}
