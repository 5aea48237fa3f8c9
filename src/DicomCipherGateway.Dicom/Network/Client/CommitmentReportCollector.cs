using System.Collections.Concurrent;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// Holds storage commitment reports by Transaction UID until someone waits for them: on a client
/// association, and as <see cref="DicomServiceHandlers.StorageCommitmentReport"/> of a server that
/// receives reports on new associations. Meant for short-lived use (a tool, one association):
/// reports nobody waits for are kept.
/// </summary>
public sealed class CommitmentReportCollector : IStorageCommitmentReportHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StorageCommitmentResult>> _reports = new(StringComparer.Ordinal);

    /// <summary>The report of <paramref name="transactionUid"/>, whether it arrived already or arrives later.</summary>
    public Task<StorageCommitmentResult> WaitAsync(string transactionUid) => Slot(transactionUid).Task;

    public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken)
    {
        Slot(report.TransactionUid).TrySetResult(report);
        return ValueTask.FromResult(DicomStatus.Success);
    }

    internal void Fail(Exception reason)
    {
        foreach (var slot in _reports.Values)
        {
            slot.TrySetException(reason);
        }
    }

    private TaskCompletionSource<StorageCommitmentResult> Slot(string transactionUid) =>
        _reports.GetOrAdd(transactionUid, _ => new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously));
}
