using System.Collections.Concurrent;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>Holds storage commitment reports that arrive on a client association until the caller waits for them.</summary>
internal sealed class CommitmentReportCollector : IStorageCommitmentReportHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StorageCommitmentResult>> _reports = new(StringComparer.Ordinal);

    public Task<StorageCommitmentResult> WaitAsync(string transactionUid) => Slot(transactionUid).Task;

    public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentResult report, DicomRequestContext context, CancellationToken cancellationToken)
    {
        Slot(report.TransactionUid).TrySetResult(report);
        return ValueTask.FromResult(DicomStatus.Success);
    }

    public void Fail(Exception reason)
    {
        foreach (var slot in _reports.Values)
        {
            slot.TrySetException(reason);
        }
    }

    private TaskCompletionSource<StorageCommitmentResult> Slot(string transactionUid) =>
        _reports.GetOrAdd(transactionUid, _ => new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously));
}
