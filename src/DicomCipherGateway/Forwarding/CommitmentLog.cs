using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Forwarding;

/// <summary>Storage commitment asked of the PACS (645x, beside forwarding's 64xx).</summary>
internal static partial class CommitmentLog
{
    [LoggerMessage(EventId = 6451, Level = LogLevel.Information, Message = "Asked {Pacs} for storage commitment of {Count} instance(s): transaction {TransactionUid} (for the modality's transaction {ModalityTransactionUid})")]
    public static partial void Requested(ILogger logger, string pacs, int count, string transactionUid, string modalityTransactionUid);

    [LoggerMessage(EventId = 6452, Level = LogLevel.Information, Message = "{Pacs} reported transaction {TransactionUid} {Where} after {Milliseconds} ms: {Committed} committed, {Failed} failed")]
    public static partial void Reported(ILogger logger, string pacs, string transactionUid, string where, long milliseconds, int committed, int failed);

    [LoggerMessage(EventId = 6453, Level = LogLevel.Warning, Message = "{Pacs} does not accept Storage Commitment Push Model; with Forward:PacsCommitment {Mode} its C-STORE Success {Consequence}")]
    public static partial void NotOffered(ILogger logger, string pacs, string mode, string consequence);

    [LoggerMessage(EventId = 6454, Level = LogLevel.Warning, Message = "Storage commitment of {Count} instance(s) by {Pacs} failed (transaction {TransactionUid}): {Problem}; reported not committed")]
    public static partial void Failed(ILogger logger, int count, string pacs, string transactionUid, string problem);

    [LoggerMessage(EventId = 6455, Level = LogLevel.Warning, Message = "Storage commitment report from {CallingAe} for transaction {TransactionUid} refused: not the PACS, or no such transaction awaited")]
    public static partial void UnexpectedReport(ILogger logger, string callingAe, string transactionUid);
}
