using System.Globalization;
using CustomerData.Alerts.Outbox;
using Microsoft.Data.Sqlite;

namespace CustomerData.Alerts.State;

/// <summary>Alert state, mutes and the outbox in one SQLite file (the embedded default); WAL, one transaction per run.</summary>
public sealed class SqliteAlertStore : IAlertStore, IOutbox
{
    private readonly string _connectionString;

    private SqliteAlertStore(string path) =>
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();

    /// <summary>Opens (and creates or migrates) the store at the path.</summary>
    public static async Task<SqliteAlertStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var store = new SqliteAlertStore(path);
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

    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, channel, check_name, kind, payload, created_at, attempts, next_attempt_at FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL ORDER BY id";
        var pending = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(new OutboxMessage(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), Time(reader, 5)!.Value, reader.GetInt32(6), Time(reader, 7)));
        }

        return pending;
    }

    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET sent_at = $at, attempts = attempts + 1 WHERE id = $id", cancellationToken, ("$id", id), ("$at", Text(at)));

    public Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $reason WHERE id = $id", cancellationToken,
            ("$id", id), ("$attempts", attempts), ("$next", Text(nextAttemptAt)), ("$reason", reason));

    public Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET dropped_at = $at, attempts = attempts + 1, last_error = $reason WHERE id = $id", cancellationToken,
            ("$id", id), ("$at", Text(at)), ("$reason", reason));

    private async Task UpdateAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, sql, cancellationToken, parameters).ConfigureAwait(false);
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

    // Instants are stored as round-trip ISO 8601 text in UTC, readable with the sqlite3 shell.
    private static string? Text(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.Parse(reader.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
