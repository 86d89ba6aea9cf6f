namespace CustomerData.Alerts.Outbox;

/// <summary>A rendered notification waiting in the durable outbox until it is delivered or given up on.</summary>
/// <param name="Id">The outbox's id (0 before it is stored); delivery follows it in order.</param>
/// <param name="Channel">The Slack channel, such as "#customer-data-alerts".</param>
/// <param name="Check">The check it is about, or null for a digest.</param>
/// <param name="Kind">failure, change, reminder, recovery or digest.</param>
/// <param name="Payload">The Slack message JSON, exactly as it will be posted.</param>
/// <param name="CreatedAt">When the run decided to send it.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="NextAttemptAt">Not before this instant (backoff, Retry-After).</param>
public sealed record OutboxMessage(long Id, string Channel, string? Check, string Kind, string Payload, DateTimeOffset CreatedAt, int Attempts = 0, DateTimeOffset? NextAttemptAt = null);
