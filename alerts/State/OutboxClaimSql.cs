namespace CustomerData.Alerts.State;

/// <summary>
/// The claim and lease statements both stores run (SQLite and PostgreSQL read the same SQL; @name parameters, instants
/// compared as the store keeps them). Each runs inside the store's claimer lock: PostgreSQL's advisory lock, SQLite's
/// write lock (BEGIN IMMEDIATE), so "held" sees every committed claim and two claimers never split a channel.
/// </summary>
internal static class OutboxClaimSql
{
    /// <summary>
    /// Claims, for @node until @until, every pending message of each channel no other live claim holds, returning them.
    /// Unclaimed, expired, released and own claims are (re)taken. <paramref name="rowLock"/> is PostgreSQL's
    /// "FOR UPDATE SKIP LOCKED" (a claimer never waits on a row a delivering node is marking); SQLite has one writer.
    /// Delivery stays at least once: a node stalled past its lease mid-send may see its message sent again by another.
    /// </summary>
    public static string Claim(string rowLock) => $"""
        WITH held AS (
          SELECT DISTINCT channel FROM outbox
          WHERE sent_at IS NULL AND dropped_at IS NULL AND claimed_by <> @node AND claimed_until > @now),
        claimable AS (
          SELECT id FROM outbox
          WHERE sent_at IS NULL AND dropped_at IS NULL AND channel NOT IN (SELECT channel FROM held)
          ORDER BY id
          {rowLock})
        UPDATE outbox SET claimed_by = @node, claimed_until = @until
        WHERE id IN (SELECT id FROM claimable)
        RETURNING id, channel, check_name, kind, payload, created_at, attempts, next_attempt_at
        """;

    /// <summary>
    /// A long delivery pass keeps its claims: each mark renews those past half their lease (renewing every row on every
    /// mark would only churn the table).
    /// </summary>
    public const string Heartbeat = """
        UPDATE outbox SET claimed_until = @until
        WHERE claimed_by = @node AND claimed_until > @now AND claimed_until < @halfway AND sent_at IS NULL AND dropped_at IS NULL
        """;

    /// <summary>Lets go of this node's claims on channels it cannot send to (the channel list is bound by each store).</summary>
    public static string Release(string channelList) => $"""
        UPDATE outbox SET claimed_until = NULL
        WHERE claimed_by = @node AND channel IN ({channelList}) AND sent_at IS NULL AND dropped_at IS NULL
        """;

    /// <summary>
    /// Reads the rows <see cref="Claim"/> returned, oldest first (RETURNING follows no ORDER BY; delivery order is the id
    /// order). <paramref name="time"/> reads an instant as the store keeps it (SQLite text, PostgreSQL timestamptz).
    /// </summary>
    public static async Task<IReadOnlyList<Outbox.OutboxMessage>> ReadClaimedAsync<TReader>(
        TReader reader, Func<TReader, int, DateTimeOffset?> time, CancellationToken cancellationToken)
        where TReader : System.Data.Common.DbDataReader
    {
        var pending = new List<Outbox.OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(new Outbox.OutboxMessage(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), time(reader, 5)!.Value, reader.GetInt32(6), time(reader, 7)));
        }

        pending.Sort((a, b) => a.Id.CompareTo(b.Id));
        return pending;
    }
}
