namespace DicomCipherGateway.Spool;

/// <summary>Wakes the encryption workers and the forwarder when work arrives (they also poll, so a lost wake-up only delays).</summary>
internal sealed class SpoolSignals
{
    private readonly SemaphoreSlim _received = new(0, int.MaxValue);
    private readonly SemaphoreSlim _encrypted = new(0, int.MaxValue);

    public void Received() => Wake(_received);

    public void Encrypted() => Wake(_encrypted);

    public Task WaitReceivedAsync(TimeSpan timeout, CancellationToken cancellationToken) => _received.WaitAsync(timeout, cancellationToken);

    public Task WaitEncryptedAsync(TimeSpan timeout, CancellationToken cancellationToken) => _encrypted.WaitAsync(timeout, cancellationToken);

    private static void Wake(SemaphoreSlim signal)
    {
        // Bounded so that a burst does not leave thousands of spurious wake-ups behind.
        if (signal.CurrentCount < 64)
        {
            signal.Release();
        }
    }
}
