using System.Runtime.CompilerServices;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.TestSupport;

/// <summary>Find/move/get handlers over an in-memory list of instances, for tests.</summary>
public sealed class TestQueryRetrieveHandlers(IReadOnlyList<DicomFile> instances) : ICFindHandler, ICMoveHandler, ICGetHandler
{
    public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler reaches <see cref="StallAfter"/> and starts waiting.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>After this many matches, wait for cancellation (to test C-CANCEL).</summary>
    public int? StallAfter { get; init; }

    /// <summary>When stalled, ignore the cancellation (a peer that does not honour C-CANCEL).</summary>
    public bool IgnoreCancel { get; init; }

    public Func<DicomFile, DicomStatus>? MoveOutcome { get; init; }

    public Exception? MoveThrows { get; init; }

    public async IAsyncEnumerable<DicomDataset> FindAsync(CFindRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var file in instances)
        {
            if (sent == StallAfter)
            {
                await StallAsync(cancellationToken);
            }

            var match = new DicomDataset();
            match.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, request.Level ?? "IMAGE");
            match.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, file.Dataset.GetString(DicomTags.SOPInstanceUID)!);
            sent++;
            yield return match;
        }
    }

    public async IAsyncEnumerable<SubOperationResult> MoveAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.MoveDestination != "KNOWN")
        {
            throw new DicomStatusException(DicomStatus.MoveDestinationUnknown);
        }

        if (MoveThrows is not null)
        {
            await Task.Yield();
            throw MoveThrows;
        }

        for (var i = 0; i < instances.Count; i++)
        {
            await Task.Yield();
            if (i == StallAfter)
            {
                await StallAsync(cancellationToken);
            }

            var file = instances[i];
            yield return new SubOperationResult(file.Dataset.GetString(DicomTags.SOPInstanceUID)!, MoveOutcome?.Invoke(file) ?? DicomStatus.Success, instances.Count - i - 1);
        }
    }

    public async IAsyncEnumerable<RetrieveItem> GetAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < instances.Count; i++)
        {
            await Task.Yield();
            if (i == StallAfter)
            {
                await StallAsync(cancellationToken);
            }

            yield return new RetrieveItem(instances[i], instances.Count - i - 1);
        }
    }

    private async Task StallAsync(CancellationToken cancellationToken)
    {
        Stalled.TrySetResult();
        if (IgnoreCancel)
        {
            // Long enough for the client's DIMSE timer to fire, short enough to let the server stop.
            await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
            return;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            Cancelled.TrySetResult(cancellationToken.IsCancellationRequested);
        }
    }
}
