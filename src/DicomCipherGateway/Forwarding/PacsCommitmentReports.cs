using System.Collections.Concurrent;
using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Forwarding;

/// <summary>
/// The PACS's storage commitment reports that arrive on a new association to the gateway's listener
/// (as Orthanc sends them), matched to the gateway's own transaction UIDs. Only the PACS may report,
/// and only a transaction the gateway is still waiting for: anything else is answered Processing
/// Failure, so a stray or late report can never commit an instance.
/// </summary>
internal sealed class PacsCommitmentReports(PeerTable peers, ILogger<PacsCommitmentReports> logger) : IStorageCommitmentReportHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StorageCommitmentResult>> _awaited = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts waiting for <paramref name="transactionUid"/>'s report. Call it before sending the N-ACTION:
    /// the PACS may report before its N-ACTION-RSP has been read. Disposing the handle stops waiting.
    /// </summary>
    public Expected Expect(string transactionUid)
    {
        var slot = new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_awaited.TryAdd(transactionUid, slot))
        {
            throw new InvalidOperationException($"Transaction {transactionUid} is awaited already.");
        }

        return new Expected(this, transactionUid, slot.Task);
    }

    public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken)
    {
        var calling = context.CallingAeTitle.Trim();
        if (!string.Equals(calling, peers.Pacs.AeTitle, StringComparison.Ordinal) || !_awaited.TryGetValue(report.TransactionUid, out var slot))
        {
            CommitmentLog.UnexpectedReport(logger, calling, report.TransactionUid);
            return ValueTask.FromResult(DicomStatus.ProcessingFailure);
        }

        slot.TrySetResult(report);
        return ValueTask.FromResult(DicomStatus.Success);
    }

    /// <summary>One awaited report; disposing it forgets the transaction.</summary>
    internal sealed class Expected(PacsCommitmentReports owner, string transactionUid, Task<StorageCommitmentResult> report) : IDisposable
    {
        public Task<StorageCommitmentResult> Report { get; } = report;

        public void Dispose() => owner._awaited.TryRemove(transactionUid, out _);
    }
}
