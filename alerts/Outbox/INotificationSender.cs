namespace CustomerData.Alerts.Outbox;

/// <summary>What became of one delivery attempt.</summary>
public enum DeliveryResult
{
    Sent,

    /// <summary>Not taken, and surely not shown (server error, connection refused): try again later, one attempt spent.</summary>
    Retry,

    /// <summary>The receiver refused it for good (an explicit 4xx other than 408 and 429): log and drop.</summary>
    Drop,

    /// <summary>The receiver asked to slow down (429): try again after its Retry-After, no attempt spent.</summary>
    RateLimited,

    /// <summary>
    /// The request left but no answer came back (a timeout, a connection cut after sending): the receiver may have
    /// shown it. Retried all the same (at least once), counted and logged as possibly duplicated.
    /// </summary>
    Ambiguous,

    /// <summary>This process cannot send to the channel (its webhook variable is unset): the message waits, untouched.</summary>
    Blocked,
}

/// <summary>The outcome of a delivery attempt, with the reason and, for a rate limit, when to retry.</summary>
public sealed record DeliveryOutcome(DeliveryResult Result, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Sent { get; } = new(DeliveryResult.Sent);
}

/// <summary>Delivers one rendered message to one channel.</summary>
public interface INotificationSender
{
    Task<DeliveryOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
