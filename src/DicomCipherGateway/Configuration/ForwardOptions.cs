namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Forward: how ciphertext objects reach the PACS.</summary>
public sealed class ForwardOptions
{
    /// <summary>Async (acknowledge once durable) or Sync (acknowledge once the PACS accepted).</summary>
    public ForwardMode Mode { get; set; } = ForwardMode.Async;

    /// <summary>Associations to the PACS, at most, used at once.</summary>
    public int Associations { get; set; } = 2;

    /// <summary>An idle pooled association is released after this long.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one forward before the object goes back to the queue (transient failures never dead-letter).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; doubled each attempt, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One C-STORE attempt, association included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the circuit stays open after it breaks.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Failure statuses 0xA9xx/0xCxxx are tried this many times before the object is dead-lettered.</summary>
    public int PermanentFailureAttempts { get; set; } = 3;

    /// <summary>Sync mode: how long a C-STORE waits for the PACS before answering 0xA700 (the object stays queued).</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Storage commitment: how long an N-ACTION waits for its instances to reach the PACS before the rest are reported not committed.</summary>
    public TimeSpan CommitmentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Storage commitment: whether an instance counts as committed only once the PACS has committed it too (Auto, Always, Never).</summary>
    public PacsCommitmentMode PacsCommitment { get; set; } = PacsCommitmentMode.Auto;

    /// <summary>How often /readyz's cached C-ECHO to the PACS is refreshed.</summary>
    public TimeSpan EchoInterval { get; set; } = TimeSpan.FromSeconds(30);
}
