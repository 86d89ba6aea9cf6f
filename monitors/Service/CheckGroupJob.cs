using CustomerData.Checks;
using CustomerData.Checks.Engine;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Runs the checks of one schedule. Quartz never runs two fires of one job at once (so a check never
/// overlaps itself); measuring stops when the service shuts down past its grace period, but what was
/// measured is always recorded and alerted on.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class CheckGroupJob(ServiceState state, ILogger<CheckGroupJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The span of the whole fire: every log line of this run carries its trace id when tracing is on.
        using var span = Telemetry.Source.StartActivity("customer_data.schedule");
        span?.SetTag("schedule", context.JobDetail.Key.Name);
        using var lease = state.Acquire();
        var checks = ScheduleGroup.ChecksFor(lease.Config.Config, context.JobDetail.Key.Name);
        if (checks.Count == 0)
        {
            return;
        }

        var at = context.ScheduledFireTimeUtc ?? state.Time.GetUtcNow();
        // A recovered fire (its node died mid-run) carries the original's actual fire time; its schedule slot is the
        // cron time at or before it, so it records under the same key the dead node would have.
        if (context.Recovering && context.RecoveringTriggerKey is { } original
            && await context.Scheduler.GetTrigger(original, cancellationToken).ConfigureAwait(false) is ICronTrigger { CronExpressionString: { } originalCron } cronTrigger)
        {
            at = Slot(new CronExpression(originalCron, cronTrigger.TimeZone), at);
        }
        IReadOnlyList<CheckResult> results;
        try
        {
            results = await new CheckEngine(Catalog.Default, lease.Sources, state.Time).RunAsync(lease.Config.Config, checks, cancellationToken, at).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(logger, context.JobDetail.Key.Name, checks.Count);
            return;
        }

        // Recording and alerting are never cancelled: a result that was measured is a result kept.
        using var printed = new LogTextWriter(logger);
        await state.Runtime.PublishAsync(lease.Config, results, at, printed, printed, CancellationToken.None).ConfigureAwait(false);
        if (state.Runtime.Stores is { } stores && state.ClaimPruneTurn(state.Time.GetUtcNow()))
        {
            var pruned = await stores.History.PruneAsync(state.Time.GetUtcNow() - lease.Config.Config.Store.Retention.Value, CancellationToken.None).ConfigureAwait(false);
            LogPruned(logger, pruned, lease.Config.Config.Store.Retention.Value);
        }

        var ok = results.Count(r => r.Status == CheckStatus.Ok);
        LogRan(logger, context.JobDetail.Key.Name, at, context.Recovering, results.Count, ok, results.Count - ok);
    }

    private static DateTimeOffset Slot(CronExpression cron, DateTimeOffset fired)
    {
        var second = new DateTimeOffset(fired.UtcTicks - (fired.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return cron.IsSatisfiedBy(second) ? second : cron.GetPreviousValidTimeBefore(second) ?? fired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} fired for {FireTime:O} (recovering: {Recovering}): {Checks} checks ran, {Ok} OK, {Failing} not OK")]
    private static partial void LogRan(ILogger logger, string schedule, DateTimeOffset fireTime, bool recovering, int checks, int ok, int failing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} results older than the {Retention} retention")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule}: {Checks} checks cancelled by shutdown before they were measured")]
    private static partial void LogCancelled(ILogger logger, string schedule, int checks);
}
