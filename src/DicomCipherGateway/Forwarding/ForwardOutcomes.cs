using System.Collections.Concurrent;
using DicomCipherGateway.Spool;

namespace DicomCipherGateway.Forwarding;

/// <summary>Forward:Mode Sync: lets a C-STORE wait until its object was forwarded or dead-lettered.</summary>
internal sealed class ForwardOutcomes
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<SpoolState>> _waiting = new();

    /// <summary>Forwarded or DeadLetter; the record is read once after registering, so an outcome that came first is not missed.</summary>
    public async Task<SpoolState> WaitAsync(long id, ISpoolQueue queue, CancellationToken cancellationToken)
    {
        var waiter = _waiting.GetOrAdd(id, _ => new TaskCompletionSource<SpoolState>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            if (await queue.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: SpoolState.Forwarded or SpoolState.DeadLetter } done)
            {
                return done.State;
            }

            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiting.TryRemove(new KeyValuePair<long, TaskCompletionSource<SpoolState>>(id, waiter));
        }
    }

    public void Complete(long id, SpoolState state)
    {
        if (_waiting.TryGetValue(id, out var waiter))
        {
            waiter.TrySetResult(state);
        }
    }
}
