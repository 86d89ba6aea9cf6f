namespace CustomerData.Alerts.Outbox;

/// <summary>
/// The durable queue notifications wait in: each is delivered in order per channel, across crashes and restarts.
/// Several processes may share the store (PostgreSQL replicas; a cron `run` beside `serve` on one SQLite file), so
/// <see cref="PendingAsync"/> claims what it returns for a lease that expires if the process dies, and a message goes
/// to one process at a time.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Messages not yet delivered or dropped, oldest first, including those waiting for their next attempt: only those
    /// of channels no other live process holds, now claimed (or renewed) for this one, whole channels at a time so a
    /// channel stays in order.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    /// <summary>Gives up this process's claim on channels it cannot send to, so a process that can takes them at once.</summary>
    Task ReleaseAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken);
}
