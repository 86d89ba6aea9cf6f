using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Runs the checks of one schedule. Quartz never runs two fires of one job at once (so a check never
/// overlaps itself); measuring stops when the service shuts down past its grace period, but what was
/// measured is always recorded and alerted on. Whatever fails, every check of the fire gets a result under
/// its schedule slot (UNKNOWN with the reason), and the job fires again at its next time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class CheckGroupJob(ServiceState state, Readiness readiness, ILogger<CheckGroupJob> logger) : IJob
{
    /// <summary>The readiness key of results (history, alert state, messages) that could not be saved.</summary>
    public const string RecordingKey = "recording";

    /// <summary>The message of a check a shutdown stopped before it was measured (the engine's, contract C2).</summary>
    public const string CancelledMessage = "cancelled at shutdown before it was measured";

    /// <summary>The job data key of the slot a catch-up fire records under (Unix milliseconds, as text).</summary>
    public const string SlotKey = "customer_data.slot";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await FireAsync(context, cancellationToken).ConfigureAwait(false);

        // Between fires a database file need not stay open with the blocks it scanned in its cache.
        try
        {
            using var lease = state.Acquire();
            await lease.Sources.ReleaseIdleAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Only memory is at stake: the next measurement reuses or reopens the connection either way.
            LogReleaseFailed(logger, error, context.JobDetail.Key.Name);
        }

        // A run of thousands of checks leaves its garbage behind: give it back before the next fire. Here, not at the
        // end of FireAsync, whose state machine still holds the fire's results (10,000 of them) until it returns.
        HeapTrim.AfterLargeWork();
    }

    private async ValueTask FireAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The span of the whole fire: every log line of this run carries its trace id when tracing is on.
        using var span = Telemetry.Source.StartActivity("customer_data.schedule");
        var schedule = context.JobDetail.Key.Name;
        span?.SetTag("schedule", schedule);
        using var lease = state.Acquire();
        var checks = ScheduleGroup.ChecksFor(lease.Config.Config, schedule);
        if (checks.Count == 0)
        {
            return;
        }

        var at = await SlotAsync(context, cancellationToken).ConfigureAwait(false);
        if (!state.ClaimSlot(schedule, at, context.Recovering))
        {
            // A start-up catch-up and the cron trigger can both fire one slot: measuring it twice would move the alert
            // state twice for one slot (and an older slot measured after a newer one would be applied last).
            LogSlotAlreadyRun(logger, schedule, at);
            return;
        }

        LogStarted(logger, schedule, at, checks.Count);
        var results = await MeasureAsync(lease, checks, schedule, at, cancellationToken).ConfigureAwait(false);

        // Recording and alerting are never cancelled: a result that was measured is a result kept.
        try
        {
            using var printed = new LogTextWriter(logger);
            // A fire records and decides, and leaves delivery to the outbox pump (every 2 s) and, at shutdown, to the
            // last delivery: a slow, hanging or rate-limiting Slack never keeps a schedule busy past its next slot.
            await state.Runtime.PublishAsync(lease.Config, results, at, printed, printed, CancellationToken.None, deliver: false).ConfigureAwait(false);
            readiness.Clear(RecordingKey);
            await PruneAsync(lease.Config.Config).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // Its alerts are lost (nothing was enqueued): say so on /readyz and the heartbeat until a fire records again.
            LogPublishFailed(logger, error, schedule, at);
            readiness.Set(RecordingKey, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"results of schedule {schedule} for its slot {at:yyyy-MM-ddTHH:mm:ssZ} not recorded, so no alert was decided: {Readiness.Reason(error)}"));
        }

        var ok = results.Count(r => r.Status == CheckStatus.Ok);
        LogRan(logger, schedule, at, context.Recovering, results.Count, ok, results.Count - ok);
    }

    private async Task<IReadOnlyList<CheckResult>> MeasureAsync(ServiceState.Lease lease, IReadOnlyList<CheckDefinition> checks, string schedule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var config = lease.Config.Config;
        try
        {
            return await new CheckEngine(lease.Config.Catalog, lease.Sources, state.Time, state.Runtime.History).RunAsync(config, checks, cancellationToken, at).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The engine keeps what it measured and marks the rest itself; should it give up whole, nothing goes unrecorded.
            LogCancelled(logger, schedule, checks.Count);
            return [.. checks.Select(c => Unknown(lease.Config.Catalog, c, CancelledMessage, at))];
        }
        catch (Exception error)
        {
            LogRunFailed(logger, error, schedule, at);
            var reason = $"the run of its schedule failed: {error.GetType().Name}: {error.Message.Split('\n')[0].TrimEnd()}";
            return [.. checks.Select(c => Unknown(lease.Config.Catalog, c, reason, at))];
        }
    }

    /// <summary>The schedule slot the fire records under: its scheduled time; for a recovered fire, the slot the dead node ran.</summary>
    private async Task<DateTimeOffset> SlotAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.MergedJobDataMap.TryGetString(SlotKey, out var slot)
            && long.TryParse(slot, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        var at = context.ScheduledFireTimeUtc ?? state.Time.GetUtcNow();
        // A recovered fire (its node died mid-run) carries the original's actual fire time; its schedule slot is the
        // cron time at or before it, so it records under the same key the dead node would have.
        try
        {
            if (context.Recovering && context.RecoveringTriggerKey is { } original
                && await context.Scheduler.GetTrigger(original, cancellationToken).ConfigureAwait(false) is ICronTrigger { CronExpressionString: { } originalCron } cronTrigger)
            {
                var second = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
                var cron = new CronExpression(originalCron, cronTrigger.TimeZone);
                return cron.IsSatisfiedBy(second) ? second : cron.GetPreviousValidTimeBefore(second) ?? at;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSlotUnknown(logger, error, context.JobDetail.Key.Name);
        }

        return at;
    }

    private async Task PruneAsync(MonitorConfig config)
    {
        if (state.Runtime.Stores is { } stores && state.ClaimPruneTurn(state.Time.GetUtcNow()))
        {
            var pruned = await stores.History.PruneAsync(state.Time.GetUtcNow() - config.Store.Retention.Value, CancellationToken.None).ConfigureAwait(false);
            LogPruned(logger, pruned, config.Store.Retention.Value);
        }
    }

    private static CheckResult Unknown(Catalog catalog, CheckDefinition check, string reason, DateTimeOffset at)
    {
        var kind = catalog.CheckKinds.FirstOrDefault(k => k.DefinitionType == check.GetType());
        return new(check, CheckStatus.Unknown, null, "unknown", reason, kind is null ? string.Empty : Expected(kind, check), TimeSpan.Zero, null, at)
        {
            Type = kind?.TypeName ?? "unknown",
            ValueMetric = kind?.ValueMetric,
        };
    }

    /// <summary>The thresholds, as a measured result would state them; empty when the check cannot even say that.</summary>
    private static string Expected(ICheckKind kind, CheckDefinition check)
    {
        try
        {
            return kind.Expected(check);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            return string.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} started for its slot {Slot:O}: {Checks} checks")]
    private static partial void LogStarted(ILogger logger, string schedule, DateTimeOffset slot, int checks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} fired for {FireTime:O} (recovering: {Recovering}): {Checks} checks ran, {Ok} OK, {Failing} not OK")]
    private static partial void LogRan(ILogger logger, string schedule, DateTimeOffset fireTime, bool recovering, int checks, int ok, int failing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} results older than the {Retention} retention")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule}: {Checks} checks cancelled by shutdown before they were measured")]
    private static partial void LogCancelled(ILogger logger, string schedule, int checks);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Schedule} failed for its slot {Slot:O}: its checks are UNKNOWN; it fires again at its next time")]
    private static partial void LogRunFailed(ILogger logger, Exception error, string schedule, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Schedule}: recording the results of slot {Slot:O} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception error, string schedule, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Schedule}: could not find the slot of a recovered fire; it records under its fire time")]
    private static partial void LogSlotUnknown(ILogger logger, Exception error, string schedule);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Schedule} slot {Slot:O} already ran in this process: this fire is skipped")]
    private static partial void LogSlotAlreadyRun(ILogger logger, string schedule, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing idle source connections after schedule {Schedule} failed")]
    private static partial void LogReleaseFailed(ILogger logger, Exception error, string schedule);
}
