using System.Globalization;
using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Logging;

namespace CustomerData.Alerts.Outbox;

/// <summary>
/// Delivers the outbox in order, per channel, at least once: a message leaves the queue only when the receiver took
/// it, refused it for good (an explicit 4xx), or it grew older than the age limit. Rate limits wait for Retry-After
/// without spending attempts; failures back off exponentially with jitter; a timeout or a connection cut after the
/// request left is retried and counted as possibly duplicated. The retry schedule lives in the outbox rows, so it
/// survives restarts. One dispatcher per process: passes run one at a time.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle (AvailableWaitHandle is never read), so there is nothing to dispose.")]
public sealed partial class OutboxDispatcher(
    IOutbox outbox,
    Func<string, INotificationSender>? senderFor,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger,
    Random? jitter = null,
    IDogStatsd? statsd = null,
    TimeSpan? maxMessageAge = null)
{
    /// <summary>A message older than this is dropped (logged, counted in customer_data.outbox.expired), not sent late.</summary>
    public static readonly TimeSpan DefaultMaxMessageAge = TimeSpan.FromHours(24);

    /// <summary>How long a 429 without a usable Retry-After waits.</summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The shortest wait after a 429: a Retry-After of 0, or an HTTP date already past (a clock behind Slack's), would
    /// otherwise send again at once, as fast as Slack answers, for the whole patience of the pass.
    /// </summary>
    public static readonly TimeSpan MinRateLimitWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly Random _jitter = jitter ?? Random.Shared;
    private readonly TimeSpan _maxAge = maxMessageAge ?? DefaultMaxMessageAge;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<BlockedChannel> _blocked = [];

    /// <summary>What the last pass could not send because this process cannot reach the channel (for /readyz and `run`).</summary>
    public IReadOnlyList<BlockedChannel> Blocked => Volatile.Read(ref _blocked);

    /// <summary>Messages still waiting after the last pass (blocked ones included).</summary>
    public int Pending { get; private set; }

    /// <summary>Delivers what is due; waits for retries that fall within <paramref name="patience"/>, leaves the rest for later.</summary>
    /// <returns>How many messages are still pending.</returns>
    public Task<int> DeliverAsync(TimeSpan patience, CancellationToken cancellationToken) =>
        DeliverAsync(senderFor ?? throw new InvalidOperationException("no sender given: pass one to DeliverAsync"), patience, cancellationToken);

    /// <summary>As <see cref="DeliverAsync(TimeSpan, CancellationToken)"/>, with this pass's senders (the current configuration's routing).</summary>
    public async Task<int> DeliverAsync(Func<string, INotificationSender> sendersFor, TimeSpan patience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sendersFor);
        // Concurrent runs of one process (serve's Quartz jobs) share one pass at a time, so none posts what another has in hand.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PassAsync(sendersFor, patience, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> PassAsync(Func<string, INotificationSender> sendersFor, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + patience;
        var blocked = new Dictionary<string, (string Reason, string Remedy)>(StringComparer.Ordinal);
        while (true)
        {
            var pending = await outbox.PendingAsync(cancellationToken).ConfigureAwait(false);
            var holding = new HashSet<string>(StringComparer.Ordinal);
            foreach (var message in pending)
            {
                var now = time.GetUtcNow();
                if (now - message.CreatedAt > _maxAge)
                {
                    await ExpireAsync(message, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Later messages of a channel wait behind an earlier one, so a channel reads in order.
                if (holding.Contains(message.Channel) || blocked.ContainsKey(message.Channel) || message.NextAttemptAt > now)
                {
                    holding.Add(message.Channel);
                    continue;
                }

                var sender = sendersFor(message.Channel);
                var outcome = await AttemptAsync(message, sender, now, cancellationToken).ConfigureAwait(false);
                if (outcome.Result == DeliveryResult.Blocked)
                {
                    blocked[message.Channel] = (outcome.Reason ?? "cannot send", (sender as BlockedSender)?.Remedy ?? "see the log");
                }

                if (outcome.Result is not (DeliveryResult.Sent or DeliveryResult.Drop))
                {
                    holding.Add(message.Channel);
                }
            }

            pending = await outbox.PendingAsync(cancellationToken).ConfigureAwait(false);
            await ReportBlockedAsync(pending, blocked, cancellationToken).ConfigureAwait(false);
            var live = pending.Where(m => !blocked.ContainsKey(m.Channel)).ToList();
            DateTimeOffset? next = live.Count == 0
                ? null
                : live.GroupBy(m => m.Channel, StringComparer.Ordinal).Min(channel => channel.First().NextAttemptAt ?? time.GetUtcNow());

            // Only the head of each channel can go next (a channel reads in order): wait for the earliest head.
            if (next is null || next > deadline)
            {
                // Between passes the claims go: the schedule lives in the rows, and another process (the next cron
                // `run`, or `serve` beside it) may deliver at once instead of waiting for the lease to run out.
                if (pending.Count > 0)
                {
                    await outbox.ReleaseAsync([.. pending.Select(m => m.Channel).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
                }

                Pending = pending.Count;
                statsd?.Gauge("customer_data.outbox.pending", pending.Count);
                return pending.Count;
            }

            var delay = next.Value - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<DeliveryOutcome> AttemptAsync(OutboxMessage message, INotificationSender sender, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DeliveryOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A sender that throws may have sent: treat it as a request that left without an answer.
            outcome = new DeliveryOutcome(DeliveryResult.Ambiguous, error.GetType().Name);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-request (shutdown): Slack may have shown it, so it is recorded as possibly duplicated, with
            // CancellationToken.None since this pass's token is already cancelled, and the cancellation goes on.
            statsd?.Increment("customer_data.outbox.ambiguous");
            var later = Backoff(message.Attempts + 1);
            LogAmbiguous(logger, message.Kind, message.Check, message.Channel, "cancelled at shutdown", later);
            try
            {
                await outbox.MarkRetryAsync(message.Id, message.Attempts + 1, now + later, "possibly duplicated: cancelled at shutdown", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The stop goes on as a stop; the message still waits (unmarked), and the log says why.
                LogNotMarked(logger, error, message.Kind, message.Check, message.Channel);
            }

            throw;
        }

        var attempts = message.Attempts + 1;
        var reason = outcome.Reason ?? outcome.Result.ToString();
        switch (outcome.Result)
        {
            case DeliveryResult.Sent:
                await outbox.MarkSentAsync(message.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.Drop:
                LogDropped(logger, message.Kind, message.Check, message.Channel, reason);
                await outbox.MarkDroppedAsync(message.Id, time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.RateLimited:
                // Slack only asked to slow down: the wait is its own, and no attempt is spent.
                var wait = outcome.RetryAfter is { } retryAfter && retryAfter >= TimeSpan.Zero
                    ? (retryAfter > MinRateLimitWait ? retryAfter : MinRateLimitWait)
                    : DefaultRateLimitWait;
                LogRateLimited(logger, message.Kind, message.Check, message.Channel, reason, wait);
                await outbox.MarkRetryAsync(message.Id, message.Attempts, now + wait, reason, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.Ambiguous:
                statsd?.Increment("customer_data.outbox.ambiguous");
                var again = Backoff(attempts);
                LogAmbiguous(logger, message.Kind, message.Check, message.Channel, reason, again);
                await outbox.MarkRetryAsync(message.Id, attempts, now + again, "possibly duplicated: " + reason, cancellationToken).ConfigureAwait(false);
                break;
            case DeliveryResult.Retry:
                var backoff = Backoff(attempts);
                LogRetry(logger, message.Kind, message.Check, message.Channel, reason, backoff);
                await outbox.MarkRetryAsync(message.Id, attempts, now + backoff, reason, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // Blocked: nothing was tried, nothing is recorded; the caller reports the channel.
                break;
        }

        return outcome;
    }

    private async Task ExpireAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"expired: not delivered within {_maxAge.TotalHours:0.##}h ({message.Attempts} attempts)");
        statsd?.Increment("customer_data.outbox.expired");
        LogExpired(logger, message.Kind, message.Check, message.Channel, message.CreatedAt, reason);
        await outbox.MarkDroppedAsync(message.Id, time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes what waits on channels this process cannot send to, and lets go of them for a process that can.</summary>
    private async Task ReportBlockedAsync(IReadOnlyList<OutboxMessage> pending, Dictionary<string, (string Reason, string Remedy)> blocked, CancellationToken cancellationToken)
    {
        var report = blocked
            .Select(b => new BlockedChannel(b.Key, pending.Count(m => m.Channel == b.Key), b.Value.Reason, b.Value.Remedy))
            .Where(b => b.Waiting > 0)
            .OrderBy(b => b.Channel, StringComparer.Ordinal)
            .ToList();
        Volatile.Write(ref _blocked, report);

        if (blocked.Count > 0)
        {
            await outbox.ReleaseAsync([.. blocked.Keys], cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(attempts - 1, 20)));
        var capped = exponential < MaxBackoff ? exponential : MaxBackoff;
        return capped * (1 + (_jitter.NextDouble() * 0.2));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Channel}: {Kind} message about {Check} not delivered ({Reason}); retrying in {Wait}")]
    private static partial void LogRetry(ILogger logger, string kind, string? check, string channel, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack {Channel}: {Kind} message about {Check} rate limited ({Reason}); retrying in {Wait} as Slack asked")]
    private static partial void LogRateLimited(ILogger logger, string kind, string? check, string channel, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Channel}: {Kind} message about {Check} possibly duplicated: {Reason} after the request was sent; retrying in {Wait}")]
    private static partial void LogAmbiguous(ILogger logger, string kind, string? check, string channel, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack {Channel}: {Kind} message about {Check} cut by a stop could not be marked possibly duplicated; it waits unmarked")]
    private static partial void LogNotMarked(ILogger logger, Exception error, string kind, string? check, string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack {Channel}: {Kind} message about {Check} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string kind, string? check, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack {Channel}: {Kind} message about {Check} of {CreatedAt:O} dropped: {Reason}")]
    private static partial void LogExpired(ILogger logger, string kind, string? check, string channel, DateTimeOffset createdAt, string reason);
}
