using System.Globalization;
using System.Threading.Channels;
using DicomCipherGateway.Dicom.Network.Dimse;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Spool;

/// <summary>
/// The queue in SQLite (WAL, synchronous=FULL: a commit is on disk when it returns). Admissions
/// go through one committer task that takes every admission waiting, fsyncs the received/
/// directory once and commits them in one transaction, so concurrent associations share the
/// fsyncs. Claims live in this process's memory: after a restart nothing is claimed, and
/// everything not Forwarded or DeadLetter is picked up again.
/// </summary>
internal sealed partial class SqliteSpoolQueue : ISpoolQueue, IAsyncDisposable
{
    private const string Columns = "id, state, sop_class, sop_instance, study, transfer_syntax, calling_ae, priority, sealed_path, ciphertext_path, length, fingerprint, key_id, view, attempts, last_error, received_at, updated_at";
    private readonly SpoolPaths _paths;
    private readonly ILogger<SqliteSpoolQueue> _logger;
    private readonly SemaphoreSlim _db = new(1, 1);
    private readonly Channel<Pending> _admissions = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _claimLock = new();
    private readonly HashSet<long> _claimed = [];
    private SqliteConnection? _connection;
    private Task _committer = Task.CompletedTask;

    public SqliteSpoolQueue(SpoolPaths paths, ILogger<SqliteSpoolQueue> logger)
    {
        _paths = paths;
        _logger = logger;
    }

    /// <summary>Admissions committed per transaction, for the log and tests.</summary>
    public long Transactions { get; private set; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        _paths.Create();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _paths.Database, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA busy_timeout=5000;
            CREATE TABLE IF NOT EXISTS spool(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              state INTEGER NOT NULL,
              sop_class TEXT NOT NULL,
              sop_instance TEXT NOT NULL,
              study TEXT,
              transfer_syntax TEXT NOT NULL,
              calling_ae TEXT NOT NULL,
              priority INTEGER NOT NULL,
              sealed_path TEXT,
              ciphertext_path TEXT,
              length INTEGER NOT NULL,
              fingerprint TEXT NOT NULL,
              key_id TEXT NOT NULL,
              view TEXT,
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              not_before INTEGER NOT NULL DEFAULT 0,
              received_at TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS spool_state ON spool(state, id);
            CREATE INDEX IF NOT EXISTS spool_sop ON spool(sop_instance);
            """, cancellationToken).ConfigureAwait(false);
        _connection = connection;
        var removed = await SweepAsync(cancellationToken).ConfigureAwait(false);
        SpoolLog.Opened(_logger, _paths.Database, removed);
        _committer = Task.Run(CommitLoopAsync, CancellationToken.None);
    }

    public async Task<SpoolAdmission> AdmitAsync(SpoolEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry);
        await _admissions.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);

        // Not cancelled with the caller: once queued, the commit runs and its outcome is what the file's fate follows.
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Pending>();
        while (await _admissions.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 512 && _admissions.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                DirectorySync.Flush(_paths.Received);
                var results = await CommitAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                SpoolLog.CommitFailed(_logger, batch.Count, e);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(e);
                }
            }
        }
    }

    private async Task<SpoolAdmission[]> CommitAsync(List<Pending> batch)
    {
        await _db.WaitAsync().ConfigureAwait(false);
        try
        {
            var connection = _connection!;
            using var transaction = connection.BeginTransaction();
            var results = new SpoolAdmission[batch.Count];
            var now = Now();
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = batch[i].Entry;
                string? previous = null;
                using (var find = connection.CreateCommand())
                {
                    find.Transaction = transaction;
                    find.CommandText = "SELECT id, fingerprint FROM spool WHERE sop_instance = $sop AND state <> 3 ORDER BY id DESC LIMIT 1";
                    find.Parameters.AddWithValue("$sop", entry.SopInstanceUid);
                    using var reader = find.ExecuteReader();
                    if (reader.Read())
                    {
                        if (reader.GetString(1) == entry.Fingerprint)
                        {
                            results[i] = new SpoolAdmission(reader.GetInt64(0), IsDuplicate: true, null);
                            continue;
                        }

                        previous = reader.GetString(1);
                    }
                }

                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO spool(state, sop_class, sop_instance, transfer_syntax, calling_ae, priority, sealed_path, length, fingerprint, key_id, received_at, updated_at)
                    VALUES (0, $class, $sop, $ts, $ae, $priority, $sealed, $length, $fingerprint, $key, $now, $now);
                    SELECT last_insert_rowid();
                    """;
                insert.Parameters.AddWithValue("$class", entry.SopClassUid);
                insert.Parameters.AddWithValue("$sop", entry.SopInstanceUid);
                insert.Parameters.AddWithValue("$ts", entry.TransferSyntax);
                insert.Parameters.AddWithValue("$ae", entry.CallingAeTitle);
                insert.Parameters.AddWithValue("$priority", PriorityRank(entry.Priority));
                insert.Parameters.AddWithValue("$sealed", entry.SealedPath);
                insert.Parameters.AddWithValue("$length", entry.Length);
                insert.Parameters.AddWithValue("$fingerprint", entry.Fingerprint);
                insert.Parameters.AddWithValue("$key", entry.KeyId);
                insert.Parameters.AddWithValue("$now", now);
                var id = (long)insert.ExecuteScalar()!;
                results[i] = new SpoolAdmission(id, IsDuplicate: false, previous);
            }

            transaction.Commit();
            Transactions++;
            return results;
        }
        finally
        {
            _db.Release();
        }
    }

    public async Task<SpoolItem?> ClaimAsync(SpoolState state, CancellationToken cancellationToken)
    {
        string exclude;
        lock (_claimLock)
        {
            exclude = _claimed.Count == 0 ? "-1" : string.Join(',', _claimed.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }

        var sql = state switch
        {
            SpoolState.Received => $"SELECT {Columns} FROM spool WHERE state = 0 AND id NOT IN ({exclude}) ORDER BY priority, id LIMIT 1",
            SpoolState.Encrypted => $"""
                SELECT {Columns} FROM spool s WHERE s.state = 1 AND s.not_before <= $now AND s.id NOT IN ({exclude})
                  AND NOT EXISTS (SELECT 1 FROM spool p WHERE p.id < s.id AND p.state = 0 AND p.calling_ae = s.calling_ae)
                  AND NOT EXISTS (SELECT 1 FROM spool p WHERE p.id < s.id AND p.state = 1 AND p.study = s.study)
                ORDER BY s.priority, s.id LIMIT 1
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Only Received and Encrypted objects are claimed."),
        };
        var items = await QueryAsync(sql, cancellationToken, ("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return null;
        }

        lock (_claimLock)
        {
            return _claimed.Add(items[0].Id) ? items[0] : null;
        }
    }

    public void Release(long id)
    {
        lock (_claimLock)
        {
            _claimed.Remove(id);
        }
    }

    public Task MarkEncryptedAsync(long id, string ciphertextPath, string studyInstanceUid, string view, string keyId, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE spool SET state = 1, ciphertext_path = $path, sealed_path = NULL, study = $study, view = $view, key_id = $key, updated_at = $now WHERE id = $id",
            id,
            cancellationToken,
            ("$path", ciphertextPath),
            ("$study", studyInstanceUid),
            ("$view", view),
            ("$key", keyId));

    public Task MarkForwardedAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE spool SET state = 2, ciphertext_path = NULL, last_error = NULL, updated_at = $now WHERE id = $id", id, cancellationToken);

    public async Task<int> RecordFailureAsync(long id, string reason, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        await UpdateAsync(
            "UPDATE spool SET attempts = attempts + 1, last_error = $reason, not_before = $due, updated_at = $now WHERE id = $id",
            id,
            cancellationToken,
            ("$reason", reason),
            ("$due", (DateTimeOffset.UtcNow + retryAfter).ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return (await GetAsync(id, cancellationToken).ConfigureAwait(false))?.Attempts ?? 0;
    }

    public Task MarkDeadLetterAsync(long id, string reason, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE spool SET state = 3, last_error = $reason, updated_at = $now WHERE id = $id", id, cancellationToken, ("$reason", reason));

    public async Task<SpoolItem?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM spool WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<SpoolItem>> ListAsync(SpoolState state, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM spool WHERE state = $state ORDER BY id LIMIT $limit", cancellationToken, ("$state", (int)state), ("$limit", limit));

    public async Task<int> RetryDeadLettersAsync(long? id, CancellationToken cancellationToken)
    {
        // Back to Encrypted when the ciphertext object is still there, else to Received (sealed file kept).
        var where = id is null ? "state = 3" : "state = 3 AND id = $id";
        return await ExecuteWriteAsync(
            $"UPDATE spool SET state = CASE WHEN ciphertext_path IS NOT NULL THEN 1 ELSE 0 END, attempts = 0, not_before = 0, updated_at = $now WHERE {where}",
            cancellationToken,
            ("$id", id ?? 0)).ConfigureAwait(false);
    }

    public async Task<int> PurgeDeadLettersAsync(long? id, CancellationToken cancellationToken)
    {
        var letters = id is null
            ? await ListAsync(SpoolState.DeadLetter, int.MaxValue, cancellationToken).ConfigureAwait(false)
            : [.. new[] { await GetAsync(id.Value, cancellationToken).ConfigureAwait(false) }.Where(i => i is { State: SpoolState.DeadLetter }).Select(i => i!)];
        var count = 0;
        foreach (var letter in letters)
        {
            count += await ExecuteWriteAsync("DELETE FROM spool WHERE id = $id AND state = 3", cancellationToken, ("$id", letter.Id)).ConfigureAwait(false);
            DeleteFile(letter.SealedPath);
            DeleteFile(letter.CiphertextPath);
        }

        return count;
    }

    public async Task<IReadOnlyDictionary<SpoolState, long>> CountAsync(CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<SpoolState>().ToDictionary(s => s, _ => 0L);
        await _db.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection!.CreateCommand();
            command.CommandText = "SELECT state, COUNT(*) FROM spool GROUP BY state";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[(SpoolState)reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }
        finally
        {
            _db.Release();
        }

        return counts;
    }

    /// <summary>
    /// Removes what a crash can leave: partial files, sealed files never admitted (never
    /// acknowledged), and files of a step that is already recorded as done or must be redone.
    /// </summary>
    private async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        using (var command = _connection!.CreateCommand())
        {
            command.CommandText = "SELECT sealed_path, ciphertext_path FROM spool WHERE state IN (0, 1, 3)";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var c = 0; c < 2; c++)
                {
                    if (!reader.IsDBNull(c))
                    {
                        referenced.Add(Path.GetFullPath(reader.GetString(c)));
                    }
                }
            }
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_paths.Received).Concat(Directory.EnumerateFiles(_paths.Encrypted)))
        {
            if (!referenced.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }

    private async Task UpdateAsync(string sql, long id, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        await ExecuteWriteAsync(sql, cancellationToken, [("$id", id), .. parameters]).ConfigureAwait(false);

    private async Task<int> ExecuteWriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await _db.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection!.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$now", Now());
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _db.Release();
        }
    }

    private async Task<IReadOnlyList<SpoolItem>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await _db.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection!.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var items = new List<SpoolItem>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new SpoolItem(
                    reader.GetInt64(0),
                    (SpoolState)reader.GetInt32(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    FromRank(reader.GetInt32(7)),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.GetInt64(10),
                    reader.GetString(11),
                    reader.GetString(12),
                    reader.IsDBNull(13) ? null : reader.GetString(13),
                    reader.GetInt32(14),
                    reader.IsDBNull(15) ? null : reader.GetString(15),
                    DateTimeOffset.Parse(reader.GetString(16), CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(reader.GetString(17), CultureInfo.InvariantCulture)));
            }

            return items;
        }
        finally
        {
            _db.Release();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Sort rank of a C-STORE priority: High first, then Medium, then Low.</summary>
    private static int PriorityRank(DimsePriority priority) => priority switch
    {
        DimsePriority.High => 0,
        DimsePriority.Low => 2,
        _ => 1,
    };

    private static DimsePriority FromRank(int rank) => rank switch
    {
        0 => DimsePriority.High,
        2 => DimsePriority.Low,
        _ => DimsePriority.Medium,
    };

    private static void DeleteFile(string? path)
    {
        if (path is not null)
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admissions.Writer.TryComplete();
        await _committer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        _db.Dispose();
    }

    private sealed class Pending(SpoolEntry entry)
    {
        public SpoolEntry Entry { get; } = entry;

        public TaskCompletionSource<SpoolAdmission> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
