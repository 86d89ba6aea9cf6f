namespace CustomerData.Alerts.Outbox;

/// <summary>
/// The durable queue notifications wait in: each is delivered once, in order per channel, across crashes and restarts.
/// A store several processes share (PostgreSQL) hands each message to one process at a time: <see cref="PendingAsync"/>
/// claims what it returns for a lease that expires if the process dies, so another takes over. A single-process store
/// (SQLite) returns every pending message and claims nothing.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Messages not yet delivered or dropped, oldest first, including those waiting for their next attempt. On a shared
    /// store, only those of channels no other live process holds, now claimed (or renewed) for this one, whole channels
    /// at a time so a channel stays in order.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken);
}
