using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>
/// On SIGTERM: no new fires; running checks get scheduler.shutdown_grace to finish, then their queries are
/// cancelled (what was measured is still recorded and alerted, the rest is UNKNOWN); once every run has
/// recorded, the outbox gets a last delivery attempt in what is left of the grace. Stops before Quartz.
/// </summary>
internal sealed partial class ShutdownGrace(
    ISchedulerFactory schedulers,
    LoadedConfig initial,
    ServiceState state,
    ShutdownDeadline deadline,
    ILogger<ShutdownGrace> logger) : IHostedService
{
    /// <summary>The least time the last delivery gets, even when running checks used the whole grace.</summary>
    public static readonly TimeSpan LastDeliveryMinimum = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var config = state.IsReady ? state.Config : initial;
        var grace = config.Config.Scheduler.ShutdownGrace.Value;
        deadline.Begin(grace);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.Standby(cancellationToken).ConfigureAwait(false);
        var query = new FireInstanceQuery { SchedulerInstanceId = scheduler.SchedulerInstanceId };
        var interrupted = false;
        while ((await scheduler.QueryFireInstances(query, cancellationToken).ConfigureAwait(false)).Items is { Count: > 0 } running)
        {
            if (!interrupted && deadline.Remaining <= TimeSpan.Zero)
            {
                interrupted = true;
                foreach (var fire in running)
                {
                    LogInterrupting(logger, fire.JobKey?.Name ?? fire.FireInstanceId, grace);
                    await scheduler.InterruptFireInstance(fire.FireInstanceId, cancellationToken).ConfigureAwait(false);
                }
            }

            // Interrupted runs still record what they measured: wait for them (the host's own timeout bounds this).
            await Task.Delay(Tick, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        await DeliverAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(LoadedConfig config, CancellationToken cancellationToken)
    {
        // Bounded, requests in flight included: a hanging Slack (10 s per request, per channel) never holds the stop
        // past the grace, where a supervisor's SIGKILL would land mid-delivery. At least a short pass when runs used it all.
        var remaining = deadline.Remaining;
        var bound = remaining > LastDeliveryMinimum ? remaining : LastDeliveryMinimum;
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cut.CancelAfter(bound);
        try
        {
            using var printed = new LogTextWriter(logger);
            var left = (await state.Runtime.DeliverAsync(config, printed, printed, remaining, cut.Token).ConfigureAwait(false)).Pending;
            if (left > 0)
            {
                LogLeft(logger, left);
            }
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogCut(logger, bound);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogDeliveryFailed(logger, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule} still running after the {Grace} shutdown grace: cancelling its queries")]
    private static partial void LogInterrupting(ILogger logger, string schedule, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} Slack message(s) wait in the outbox for the next start")]
    private static partial void LogLeft(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last delivery of the outbox was cut after {Bound} at the end of the shutdown grace; what Slack has not taken waits for the next start")]
    private static partial void LogCut(ILogger logger, TimeSpan bound);

    [LoggerMessage(Level = LogLevel.Error, Message = "The last delivery of the outbox at shutdown failed; its messages wait for the next start")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception error);
}
