using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>
/// Passes the first instances through to <paramref name="inner"/>, then holds every further
/// C-STORE-RSP until <see cref="Release"/>: a retrieve in progress that a test can cancel at a known point.
/// </summary>
internal sealed class GatedStoreHandler(ICStoreHandler inner, int passFirst) : ICStoreHandler
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completed;

    /// <summary>Completes when an instance past the first <c>passFirst</c> is waiting for <see cref="Release"/>.</summary>
    public Task Stalled => _stalled.Task;

    public void Release() => _released.TrySetResult();

    public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
        inner.BeginStoreAsync(request, context, cancellationToken);

    public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _completed) > passFirst)
        {
            _stalled.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        return await inner.CompleteStoreAsync(request, sink, context, cancellationToken);
    }
}
