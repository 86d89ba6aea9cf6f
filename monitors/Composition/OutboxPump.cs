using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Service;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Composition;

/// <summary>
/// In `serve`, delivers the outbox between runs too, through the process's one dispatcher: a message waiting for a
/// retry (backoff, Retry-After) or left by another process goes when it is due, not at the next schedule's fire,
/// which may be a day away, past the age limit.
/// </summary>
internal sealed partial class OutboxPump(MonitorRuntime runtime, Func<LoadedConfig?> current, TimeProvider time, Readiness readiness, ILogger<OutboxPump> logger) : BackgroundService
{
    /// <summary>The readiness key of an outbox that cannot be read or updated (nothing can be delivered).</summary>
    public const string DeliveryKey = "delivery";

    /// <summary>How often the outbox is looked at between runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (current() is not { } loaded)
            {
                continue;
            }

            try
            {
                using (var printed = new LogTextWriter(logger))
                {
                    await runtime.DeliverAsync(loaded, printed, printed, TimeSpan.Zero, stoppingToken).ConfigureAwait(false);
                }

                readiness.Clear(DeliveryKey);

                // Delivering the thousands of messages a large run leaves is itself large work.
                HeapTrim.AfterLargeWork();
            }
            catch (InfrastructureException failure)
            {
                // The next tick tries again; readiness and the jobs report the store too.
                LogFailed(logger, failure.Message);
                readiness.Set(DeliveryKey, "Slack delivery failed, the outbox cannot be read or updated: " + Readiness.Reason(failure));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox delivery between runs failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string failure);
}
