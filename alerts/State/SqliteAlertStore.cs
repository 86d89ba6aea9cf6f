using CustomerData.Alerts.Outbox;
using Microsoft.Data.Sqlite;

namespace CustomerData.Alerts.State;

/// <summary>
/// Alert state, mutes and the outbox in one SQLite file (the embedded default); WAL, one transaction per run. Several
/// processes may share the file (a cron `run` beside `serve`): <see cref="PendingAsync"/> claims whole channels for a
/// lease, with the same statements as the PostgreSQL store, so each message goes to one process at a time.
/// </summary>
public sealed class SqliteAlertStore : IAlertStore, IOutbox
{
    private static readonly string ClaimSql = OutboxClaimSql.Claim(rowLock: string.Empty);
    private static readonly string ReleaseSql = OutboxClaimSql.Release("SELECT value FROM json_each(@channels)");

    private readonly string _connectionString;
    private readonly OutboxClaimOptions _claims;
    private readonly TimeProvider _time;

    private SqliteAlertStore(string path, OutboxClaimOptions claims, TimeProvider time)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _claims = claims;
        _time = time;
    }

    /// <summary>Opens (and creates or migrates) the store at the path, claiming outbox messages as this process.</summary>
    public static Task<SqliteAlertStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, OutboxClaimOptions.ForThisProcess(), TimeProvider.System, cancellationToken);

    /// <summary>Opens (and creates or migrates) the store at the path; <paramref name="claims"/> names this process in outbox claims.</summary>
    public static async Task<SqliteAlertStore> OpenAsync(string path, OutboxClaimOptions claims, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(claims.NodeId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claims.ClaimLease, TimeSpan.Zero);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var store = new SqliteAlertStore(path, claims, time);
        await using var connection = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await SqliteMigrations.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        return store;
    }

    public async Task<IReadOnlyDictionary<string, AlertState>> LoadStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT check_name, status, consecutive_failures, failing_since, notified_status, last_notified_at FROM alert_state";
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = AlertState.FromRow(reader, (row, column) => Time((SqliteDataReader)row, column));
            states[state.Check] = state;
        }

        return states;
    }

    public async Task<IReadOnlyDictionary<string, Mute>> LoadMutesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT check_name, until, reason FROM mutes";
        var mutes = new Dictionary<string, Mute>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            mutes[reader.GetString(0)] = new Mute(reader.GetString(0), Time(reader, 1)!.Value, reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return mutes;
    }

    public async Task SaveAsync(IReadOnlyList<AlertState> states, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var state in states)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO alert_state (check_name, status, consecutive_failures, failing_since, notified_status, last_notified_at)
                VALUES ($check, $status, $failures, $since, $notified, $last)
                ON CONFLICT (check_name) DO UPDATE SET status = excluded.status, consecutive_failures = excluded.consecutive_failures,
                  failing_since = excluded.failing_since, notified_status = excluded.notified_status, last_notified_at = excluded.last_notified_at
                """,
                cancellationToken,
                ("$check", state.Check), ("$status", (int)state.Status), ("$failures", state.ConsecutiveFailures), ("$since", Text(state.FailingSince)),
                ("$notified", state.NotifiedStatus is { } n ? (int)n : null), ("$last", Text(state.LastNotifiedAt))).ConfigureAwait(false);
        }

        foreach (var message in messages)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO outbox (channel, check_name, kind, payload, created_at, attempts, next_attempt_at)
                VALUES ($channel, $check, $kind, $payload, $created, 0, NULL)
                """,
                cancellationToken,
                ("$channel", message.Channel), ("$check", message.Check), ("$kind", message.Kind), ("$payload", message.Payload), ("$created", Text(message.CreatedAt))).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MuteAsync(Mute mute, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "INSERT INTO mutes (check_name, until, reason) VALUES ($check, $until, $reason) ON CONFLICT (check_name) DO UPDATE SET until = excluded.until, reason = excluded.reason",
            cancellationToken, ("$check", mute.Check), ("$until", Text(mute.Until)), ("$reason", mute.Reason)).ConfigureAwait(false);
    }

    public async Task<bool> UnmuteAsync(string check, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "DELETE FROM mutes WHERE check_name = $check", cancellationToken, ("$check", check)).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Claims, for this process, every pending message of each channel no other live claim holds, and returns them
    /// oldest first (those waiting for their next attempt too, so a later message never overtakes them).
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);

        // The write lock first (BEGIN IMMEDIATE), as PostgreSQL takes its advisory lock: claimers take turns.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ReleaseDeadLocalClaimsAsync(connection, transaction, now, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboxMessage> pending;
        using (var claim = connection.CreateCommand())
        {
            claim.Transaction = transaction;
            claim.CommandText = ClaimSql;
            claim.Parameters.AddWithValue("@node", _claims.NodeId);
            claim.Parameters.AddWithValue("@now", Text(now));
            claim.Parameters.AddWithValue("@until", Text(now + _claims.ClaimLease));
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            pending = await OutboxClaimSql.ReadClaimedAsync(reader, Time, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        return pending;
    }

    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkAsync("UPDATE outbox SET sent_at = $at, attempts = attempts + 1 WHERE id = $id", cancellationToken, ("$id", id), ("$at", Text(at)));

    public Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        MarkAsync("UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $reason WHERE id = $id", cancellationToken,
            ("$id", id), ("$attempts", attempts), ("$next", Text(nextAttemptAt)), ("$reason", reason));

    public Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        MarkAsync("UPDATE outbox SET dropped_at = $at, attempts = attempts + 1, last_error = $reason WHERE id = $id", cancellationToken,
            ("$id", id), ("$at", Text(at)), ("$reason", reason));

    public async Task ReleaseAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, ReleaseSql, cancellationToken,
            ("@node", _claims.NodeId), ("@channels", System.Text.Json.JsonSerializer.Serialize(channels))).ConfigureAwait(false);
    }

    /// <summary>
    /// A SQLite outbox is shared by processes of one machine: a claim whose process (named in the claim as
    /// host/pid/random) is gone from this host is let go at once, instead of holding its channels until the lease
    /// runs out, so messages a killed `serve` had claimed leave as soon as the next process looks.
    /// </summary>
    private static async Task ReleaseDeadLocalClaimsAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var holders = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT DISTINCT claimed_by FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL AND claimed_until > @now AND claimed_by IS NOT NULL";
            read.Parameters.AddWithValue("@now", Text(now));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                holders.Add(reader.GetString(0));
            }
        }

        foreach (var holder in holders.Where(OutboxClaimOptions.IsDeadLocalProcess))
        {
            using var release = connection.CreateCommand();
            release.Transaction = transaction;
            release.CommandText = "UPDATE outbox SET claimed_until = NULL WHERE claimed_by = @holder AND sent_at IS NULL AND dropped_at IS NULL";
            release.Parameters.AddWithValue("@holder", holder);
            await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records what became of a message, and renews this process's other claims past half their lease.</summary>
    private async Task MarkAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var now = _time.GetUtcNow();
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, sql, cancellationToken, parameters).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, OutboxClaimSql.Heartbeat, cancellationToken,
            ("@node", _claims.NodeId), ("@now", Text(now)), ("@halfway", Text(now + (_claims.ClaimLease / 2))), ("@until", Text(now + _claims.ClaimLease))).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(DateTimeOffset? time) => SqliteInstant.Text(time);

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : SqliteInstant.Parse(reader.GetString(column));
}
