using CustomerData.Alerts.Outbox;
using Npgsql;
using static CustomerData.Alerts.State.PostgresValues;

namespace CustomerData.Alerts.State;

/// <summary>
/// Alert state, mutes and the outbox in PostgreSQL, shared by several replicas: a decision and its messages are one
/// transaction, and <see cref="PendingAsync"/> claims whole channels for this process, so each message goes to one
/// process at a time and a channel stays in order.
/// </summary>
public sealed class PostgresAlertStore : IAlertStore, IOutbox
{
    // SKIP LOCKED keeps a claimer from waiting on a row that a delivering node is marking.
    private static readonly string ClaimSql = OutboxClaimSql.Claim("FOR UPDATE SKIP LOCKED");
    private static readonly string ReleaseSql = OutboxClaimSql.Release("SELECT unnest(@channels)");

    private readonly NpgsqlDataSource _dataSource;
    private readonly OutboxClaimOptions _options;
    private readonly TimeProvider _time;

    private PostgresAlertStore(NpgsqlDataSource dataSource, OutboxClaimOptions options, TimeProvider time)
    {
        _dataSource = dataSource;
        _options = options;
        _time = time;
    }

    /// <summary>Opens the store on a long-lived data source owned by the caller, creating or migrating its tables.</summary>
    public static async Task<PostgresAlertStore> OpenAsync(NpgsqlDataSource dataSource, OutboxClaimOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.NodeId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClaimLease, TimeSpan.Zero);
        await PostgresMigrations.ApplyAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return new PostgresAlertStore(dataSource, options, time);
    }

    public async Task<IReadOnlyDictionary<string, AlertState>> LoadStatesAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT check_name, status, consecutive_failures, failing_since, notified_status, last_notified_at FROM alert_state");
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = AlertState.FromRow(reader, (row, column) => Time((NpgsqlDataReader)row, column));
            states[state.Check] = state;
        }

        return states;
    }

    public async Task<IReadOnlyDictionary<string, Mute>> LoadMutesAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT check_name, until, reason FROM mutes");
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
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(messages);
        if (states.Count == 0 && messages.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // One round trip for the whole decision; the explicit transaction makes "all or nothing" visible in the code.
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var state in states)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO alert_state (check_name, status, consecutive_failures, failing_since, notified_status, last_notified_at)
                VALUES (@check, @status, @failures, @since, @notified, @last)
                ON CONFLICT (check_name) DO UPDATE SET status = excluded.status, consecutive_failures = excluded.consecutive_failures,
                  failing_since = excluded.failing_since, notified_status = excluded.notified_status, last_notified_at = excluded.last_notified_at
                """,
                Text("check", state.Check),
                Integer("status", (int)state.Status),
                Integer("failures", state.ConsecutiveFailures),
                Instant("since", state.FailingSince),
                Integer("notified", state.NotifiedStatus is { } notified ? (int)notified : null),
                Instant("last", state.LastNotifiedAt)));
        }

        foreach (var message in messages)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO outbox (channel, check_name, kind, payload, created_at, attempts)
                VALUES (@channel, @check, @kind, @payload, @created, 0)
                """,
                Text("channel", message.Channel),
                Text("check", message.Check),
                Text("kind", message.Kind),
                Text("payload", message.Payload),
                Instant("created", message.CreatedAt)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MuteAsync(Mute mute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mute);
        await ExecuteAsync(
            "INSERT INTO mutes (check_name, until, reason) VALUES (@check, @until, @reason) ON CONFLICT (check_name) DO UPDATE SET until = excluded.until, reason = excluded.reason",
            cancellationToken,
            Text("check", mute.Check),
            Instant("until", mute.Until),
            Text("reason", mute.Reason)).ConfigureAwait(false);
    }

    public async Task<bool> UnmuteAsync(string check, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM mutes WHERE check_name = @check", cancellationToken, Text("check", check)).ConfigureAwait(false) > 0;

    /// <summary>
    /// Claims, for this process, every pending message of each channel that no other live claim holds, and returns
    /// them oldest first (those waiting for their next attempt too, so a later message never overtakes them).
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresAdvisoryLock.TakeAsync(connection, transaction, PostgresAdvisoryLock.OutboxClaim, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<OutboxMessage> pending;
        await using (var claim = new NpgsqlCommand(ClaimSql, connection, transaction))
        {
            claim.Parameters.Add(Text("node", _options.NodeId));
            claim.Parameters.Add(Instant("now", now));
            claim.Parameters.Add(Instant("until", now + _options.ClaimLease));
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            pending = await OutboxClaimSql.ReadClaimedAsync(reader, Time, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        return pending;
    }

    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkAsync("UPDATE outbox SET sent_at = @at, attempts = attempts + 1 WHERE id = @id", cancellationToken, Bigint("id", id), Instant("at", at));

    public Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken) =>
        MarkAsync(
            "UPDATE outbox SET attempts = @attempts, next_attempt_at = @next, last_error = @reason WHERE id = @id",
            cancellationToken,
            Bigint("id", id),
            Integer("attempts", attempts),
            Instant("next", nextAttemptAt),
            Text("reason", reason));

    public Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        MarkAsync(
            "UPDATE outbox SET dropped_at = @at, attempts = attempts + 1, last_error = @reason WHERE id = @id",
            cancellationToken,
            Bigint("id", id),
            Instant("at", at),
            Text("reason", reason));

    /// <summary>Records what became of a message whoever claims it now: a message the receiver took stays sent.</summary>
    private async Task MarkAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var now = _time.GetUtcNow();
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(sql, parameters));
        batch.BatchCommands.Add(Command(
            OutboxClaimSql.Heartbeat,
            Text("node", _options.NodeId),
            Instant("now", now),
            Instant("halfway", now + (_options.ClaimLease / 2)),
            Instant("until", now + _options.ClaimLease)));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        await using var command = _dataSource.CreateCommand(ReleaseSql);
        command.Parameters.Add(Text("node", _options.NodeId));
        command.Parameters.Add(new NpgsqlParameter("channels", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = channels.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
