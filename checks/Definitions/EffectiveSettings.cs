namespace CustomerData.Checks.Definitions;

/// <summary>
/// What a check runs with once the file's <c>defaults</c> fill what it leaves out: the one place a default is applied,
/// so the run, the scheduler, Slack, Datadog, the report and plan never disagree on a check's owner or schedule.
/// </summary>
public static class EffectiveSettings
{
    /// <summary>The check's owner, else the default owner; blank counts as unset; null when neither names one.</summary>
    public static string? OwnerOf(this MonitorConfig config, CheckDefinition check) => config.Defaults.OwnerOf(check);

    /// <summary>The check's owner, else the default owner (where only the defaults are at hand).</summary>
    public static string? OwnerOf(this DefaultsDefinition defaults, CheckDefinition check) =>
        Named(check.Owner) ?? Named(defaults.Owner);

    /// <summary>The check's cron schedule, else the default one.</summary>
    public static string ScheduleOf(this MonitorConfig config, CheckDefinition check) => config.Defaults.ScheduleOf(check);

    /// <summary>The check's cron schedule, else the default one (where a kind sees the defaults only).</summary>
    public static string ScheduleOf(this DefaultsDefinition defaults, CheckDefinition check) => check.Schedule ?? defaults.Schedule;

    /// <summary>How long the check's measurement may take, else the default timeout.</summary>
    public static TimeSpan TimeoutOf(this MonitorConfig config, CheckDefinition check) =>
        (check.Timeout ?? config.Defaults.Timeout).Value;

    /// <summary>The Slack channel the check's messages go to, else the default one; null when neither names one.</summary>
    public static string? SlackChannelOf(this MonitorConfig config, CheckDefinition check) =>
        check.Notify?.Slack ?? config.Defaults.Notify?.Slack;

    /// <summary>How many failed runs in a row open an alert.</summary>
    public static int AlertAfterOf(this MonitorConfig config, CheckDefinition check) =>
        check.AlertAfter ?? config.Defaults.AlertAfter;

    /// <summary>How long a failing check waits between reminders; null for no reminders.</summary>
    public static TimeSpan? RenotifyAfterOf(this MonitorConfig config, CheckDefinition check) =>
        (check.RenotifyAfter ?? config.Defaults.RenotifyAfter)?.Value;

    /// <summary>Whether the check's window ends now (trailing) or at the last whole window (complete).</summary>
    public static WindowAlignment WindowAlignmentOf(this DefaultsDefinition defaults, WindowAlignment? own) =>
        own ?? defaults.WindowAlignment;

    private static string? Named(string? owner) => string.IsNullOrWhiteSpace(owner) ? null : owner.Trim();
}
