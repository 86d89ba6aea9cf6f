using CustomerData.Checks.Definitions;

namespace CustomerData.Monitors.Service;

/// <summary>The checks that share one cron schedule: one Quartz job runs them together, so checks on one table still share a query.</summary>
public sealed record ScheduleGroup(string Cron, string TimeZone, IReadOnlyList<string> Checks)
{
    public const string JobGroup = "customer-data-checks";

    /// <summary>The job's name: the schedule itself, so an edited schedule is a new job and an unchanged one keeps its trigger.</summary>
    public string JobName => $"{Cron} @ {TimeZone}";

    public static IReadOnlyList<ScheduleGroup> Of(MonitorConfig config) =>
        [.. config.Checks
            .Where(c => c.Enabled)
            .GroupBy(config.ScheduleOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ScheduleGroup(g.Key, config.Defaults.Timezone, [.. g.Select(c => c.Name)]))];

    /// <summary>The enabled checks of a configuration that run on this job's schedule.</summary>
    public static IReadOnlyList<CheckDefinition> ChecksFor(MonitorConfig config, string jobName) =>
        [.. config.Checks.Where(c => c.Enabled && $"{config.ScheduleOf(c)} @ {config.Defaults.Timezone}" == jobName)];
}
