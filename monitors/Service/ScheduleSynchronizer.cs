using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>Makes the scheduler's jobs match the configuration: one cron-triggered job per schedule, none left over.</summary>
internal sealed partial class ScheduleSynchronizer(ISchedulerFactory schedulers, ServiceState state, ILogger<ScheduleSynchronizer> logger)
{
    public async Task SyncAsync(LoadedConfig config, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var wanted = ScheduleGroup.Of(config.Config);
        var names = wanted.Select(g => g.JobName).ToHashSet(StringComparer.Ordinal);
        var existing = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(ScheduleGroup.JobGroup) }, cancellationToken).ConfigureAwait(false);
        foreach (var stale in existing.Items.Where(j => !names.Contains(j.Key.Name)))
        {
            await scheduler.DeleteJob(stale.Key, cancellationToken).ConfigureAwait(false);
            LogRemoved(logger, stale.Key.Name);
        }

        var zone = CustomerData.Checks.Engine.TimeZones.Find(config.Config.Defaults.Timezone);
        foreach (var group in wanted)
        {
            var key = new JobKey(group.JobName, ScheduleGroup.JobGroup);
            if (await scheduler.Exists(key, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // RequestsRecovery: in a cluster, a fire that was running on a node that died runs again elsewhere.
            // A missed fire (downtime, a busy node) runs once, not once per missed fire.
            var job = JobBuilder.Create<CheckGroupJob>().WithIdentity(key).RequestRecovery().StoreDurably().Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(group.JobName, ScheduleGroup.JobGroup)
                .ForJob(key)
                .WithCronSchedule(group.Cron, cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            try
            {
                await scheduler.ScheduleJob(job, trigger, default, cancellationToken).ConfigureAwait(false);
                LogScheduled(logger, group.JobName, group.Checks.Count);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another replica of the cluster scheduled it between our look and our write: it is there, as wanted.
            }
        }
    }

    /// <summary>After downtime, runs once each schedule that should have fired while the service was down (single node; a cluster's store remembers on its own).</summary>
    public async Task CatchUpAsync(LoadedConfig config, bool runEverything, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var history = state.Runtime.Stores?.History;
        var now = state.Time.GetUtcNow();
        var zone = CustomerData.Checks.Engine.TimeZones.Find(config.Config.Defaults.Timezone);
        foreach (var group in ScheduleGroup.Of(config.Config))
        {
            DateTimeOffset? missed = null;
            if (!runEverything && history is not null && await history.LastMeasuredAsync(group.Checks, cancellationToken).ConfigureAwait(false) is { } last)
            {
                var cron = new CronExpression(group.Cron, zone);
                if (cron.GetNextValidTimeAfter(last) is { } due && due < now)
                {
                    // The run records under the latest slot that passed while the service was down, as its cron fire
                    // would have; if the trigger still fires that slot itself, the job runs it once (CheckGroupJob).
                    missed = cron.GetPreviousValidTimeBefore(now) is { } latest && latest > last ? latest : due;
                }
            }

            if (runEverything || missed is not null)
            {
                var data = new JobDataMap();
                if (missed is { } slot)
                {
                    data[CheckGroupJob.SlotKey] = slot.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await scheduler.TriggerJob(new JobKey(group.JobName, ScheduleGroup.JobGroup), data, cancellationToken).ConfigureAwait(false);
                LogCaughtUp(logger, group.JobName, runEverything ? "run at start-up" : $"missed while the service was down (slot {missed:O})");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Schedule} for {Checks} checks")]
    private static partial void LogScheduled(ILogger logger, string schedule, int checks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed schedule {Schedule}: no enabled check uses it any more")]
    private static partial void LogRemoved(ILogger logger, string schedule);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {Schedule} now: {Reason}")]
    private static partial void LogCaughtUp(ILogger logger, string schedule, string reason);
}
