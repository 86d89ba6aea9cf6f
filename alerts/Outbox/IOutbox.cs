namespace CustomerData.Alerts.Outbox;

/// <summary>The durable queue notifications wait in: each is delivered once, in order, across crashes and restarts.</summary>
public interface IOutbox
{
    /// <summary>Messages not yet delivered or dropped, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

    Task MarkDroppedAsync(long id, DateTimeOffset at, string reason, CancellationToken cancellationToken);
}
