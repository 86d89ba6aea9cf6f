namespace CustomerData.Alerts.Outbox;

/// <summary>What became of one delivery attempt.</summary>
public enum DeliveryResult
{
    Sent,

    /// <summary>Try again later (rate limited, server error, network trouble).</summary>
    Retry,

    /// <summary>The receiver refused it for good (archived channel, bad payload): log and drop.</summary>
    Drop,
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
