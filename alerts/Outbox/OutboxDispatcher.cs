using Microsoft.Extensions.Logging;

namespace CustomerData.Alerts.Outbox;

/// <summary>
/// Delivers the outbox in order, per channel: a message is marked sent only after the receiver took it, so a
/// crash before that delivers it on the next start, and never twice once marked. Retry-After is honoured,
/// server errors back off exponentially with jitter, refusals are logged and dropped.
/// </summary>
public sealed partial class OutboxDispatcher(IOutbox outbox, Func<string, INotificationSender> senderFor, TimeProvider time, ILogger<OutboxDispatcher> logger, Random? jitter = null)
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly Random _jitter = jitter ?? Random.Shared;

    /// <summary>Delivers what is due; waits for retries that fall within <paramref name="patience"/>, leaves the rest for later.</summary>
    /// <returns>How many messages are still pending.</returns>
    public async Task<int> DeliverAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + patience;
        while (true)
        {
            var pending = await outbox.PendingAsync(cancellationToken).ConfigureAwait(false);
            var waiting = new HashSet<string>(StringComparer.Ordinal);
            foreach (var message in pending)
            {
                var now = time.GetUtcNow();
                if (waiting.Contains(message.Channel) || message.NextAttemptAt > now)
                {
                    // Later messages of a channel wait behind an earlier one, so a channel reads in order.
                    waiting.Add(message.Channel);
                    continue;
                }

                if (!await AttemptAsync(message, now, cancellationToken).ConfigureAwait(false))
                {
                    waiting.Add(message.Channel);
                }
            }

            pending = await outbox.PendingAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return 0;
            }

            // Only the head of each channel can go next (a channel reads in order): wait for the earliest head.
            var next = pending.GroupBy(m => m.Channel, StringComparer.Ordinal).Min(channel => channel.First().NextAttemptAt ?? time.GetUtcNow());
            if (next > deadline)
            {
                return pending.Count;
            }

            var delay = next - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns whether the message left the queue (sent or dropped).</summary>
    private async Task<bool> AttemptAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DeliveryOutcome outcome;
        try
        {
            outcome = await senderFor(message.Channel).SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = new DeliveryOutcome(DeliveryResult.Retry, error.GetType().Name);
        }

        var attempts = message.Attempts + 1;
        switch (outcome.Result)
        {
            case DeliveryResult.Sent:
                await outbox.MarkSentAsync(message.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return true;
            case DeliveryResult.Retry when attempts < MaxAttempts:
                var wait = outcome.RetryAfter ?? Backoff(attempts);
                LogRetry(logger, message.Kind, message.Check, message.Channel, outcome.Reason, wait);
                await outbox.MarkRetryAsync(message.Id, attempts, now + wait, outcome.Reason ?? "retry", cancellationToken).ConfigureAwait(false);
                return false;
            default:
                var reason = outcome.Result == DeliveryResult.Retry ? $"gave up after {attempts} attempts: {outcome.Reason}" : outcome.Reason ?? "refused";
                LogDropped(logger, message.Kind, message.Check, message.Channel, reason);
                await outbox.MarkDroppedAsync(message.Id, time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false);
                return true;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = TimeSpan.FromSeconds(Math.Pow(2, attempts - 1));
        var capped = exponential < MaxBackoff ? exponential : MaxBackoff;
        return capped * (1 + (_jitter.NextDouble() * 0.2));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Channel}: {Kind} message about {Check} not delivered ({Reason}); retrying in {Wait}")]
    private static partial void LogRetry(ILogger logger, string kind, string? check, string channel, string? reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack {Channel}: {Kind} message about {Check} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string kind, string? check, string channel, string reason);
}
