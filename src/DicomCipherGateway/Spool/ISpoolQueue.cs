namespace DicomCipherGateway.Spool;

/// <summary>
/// The durable queue of spooled objects. SQLite embedded by default; a PostgreSQL
/// implementation (several gateways sharing one queue) implements the same contract, with
/// claims as row locks (FOR UPDATE SKIP LOCKED) instead of this process's memory.
/// </summary>
public interface ISpoolQueue
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits the entry's record (its sealed file is already fsynced). Concurrent calls share one
    /// transaction and one directory fsync (group commit). When this returns, the object is durable.
    /// </summary>
    Task<SpoolAdmission> AdmitAsync(SpoolEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the next object in <paramref name="state"/> for this process: Received in priority
    /// then arrival order; Encrypted only when it is due and no earlier object of its study (or an
    /// earlier object of its modality not yet encrypted) is still waiting. Null when none.
    /// </summary>
    Task<SpoolItem?> ClaimAsync(SpoolState state, CancellationToken cancellationToken);

    /// <summary>Gives a claim back without changing the record.</summary>
    void Release(long id);

    Task MarkEncryptedAsync(long id, string ciphertextPath, string studyInstanceUid, string view, string keyId, CancellationToken cancellationToken);

    Task MarkForwardedAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a failed forward and when to try again; returns the attempts so far.</summary>
    Task<int> RecordFailureAsync(long id, string reason, TimeSpan retryAfter, CancellationToken cancellationToken);

    Task MarkDeadLetterAsync(long id, string reason, CancellationToken cancellationToken);

    Task<SpoolItem?> GetAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<SpoolItem>> ListAsync(SpoolState state, int limit, CancellationToken cancellationToken);

    /// <summary>Dead letters (one, or all when <paramref name="id"/> is null) go back to the queue; returns how many.</summary>
    Task<int> RetryDeadLettersAsync(long? id, CancellationToken cancellationToken);

    /// <summary>Deletes dead letters (one, or all) with their files; returns how many.</summary>
    Task<int> PurgeDeadLettersAsync(long? id, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<SpoolState, long>> CountAsync(CancellationToken cancellationToken);
}
