using System.Globalization;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.Datadog;

/// <summary>Turns each enabled check of checks.json into the Datadog monitor that pages on its service check.</summary>
internal sealed class MonitorDefinitionBuilder(Catalog catalog)
{
    /// <summary>The service check every run emits, with the tag check:&lt;name&gt;.</summary>
    public const string ServiceCheck = "customer_data.check";

    // Datadog accepts at most last(100) in a service-check query.
    private const int MaximumAlertAfter = 99;

    /// <summary>One monitor per enabled check, ordered by check name so moving a check in the file changes nothing.</summary>
    public IReadOnlyList<DatadogMonitor> Build(MonitorConfig config) =>
        [.. config.Checks.Where(c => c.Enabled).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => Build(c, config))];

    public DatadogMonitor Build(CheckDefinition check, MonitorConfig config)
    {
        var defaults = config.Defaults;
        var alertAfter = Math.Min(check.AlertAfter ?? defaults.AlertAfter, MaximumAlertAfter);
        var schedule = check.Schedule ?? defaults.Schedule;
        var interval = ScheduleInterval.Longest(schedule, TimeZones.Find(defaults.Timezone));
        int? noData = interval is { } gap ? NoDataTimeframe(gap) : null;
        var renotify = check.RenotifyAfter ?? defaults.RenotifyAfter;
        var type = catalog.CheckKindOf(check).TypeName;
        return new DatadogMonitor(
            Key: check.Name,
            Name: $"[CustomerData] {check.Name} on {check.Table}",
            Type: "service check",
            Query: Query(check.Name, alertAfter),
            Message: MonitorMessage.Compose(check, type, config, noData),
            Thresholds: Thresholds(alertAfter),
            NoDataTimeframeMinutes: noData,
            RenotifyIntervalMinutes: renotify is { } every ? WholeMinutes(every.Value) : null,
            Tags: Tags(check, type, config));
    }

    /// <summary>
    /// The flap guard: a monitor over the last alert_after + 1 runs that alerts (or warns) once alert_after of them
    /// in a row are CRITICAL (or WARNING) and resolves on the first OK. Datadog counts consecutive statuses among the
    /// last N, and N must be at least the largest threshold; one more than alert_after, as Datadog's own editor writes
    /// it, keeps the run before the streak in view. With alert_after 1 this is last(2) with thresholds 1/1/1.
    /// (https://docs.datadoghq.com/api/latest/monitors/#create-a-monitor, "Service check query")
    /// </summary>
    internal static string Query(string check, int alertAfter) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{ServiceCheck}\".over(\"check:{check}\").by(\"check\").last({alertAfter + 1}).count_by_status()");

    internal static MonitorThresholds Thresholds(int alertAfter) => new(Critical: alertAfter, Warning: alertAfter, Ok: 1);

    /// <summary>
    /// Twice the longest gap between two runs, so one late or skipped run never alerts but a stopped monitor does;
    /// at least 2 minutes, Datadog's smallest no-data timeframe.
    /// </summary>
    internal static int NoDataTimeframe(TimeSpan longestGap) => Math.Max(2, 2 * WholeMinutes(longestGap));

    private static int WholeMinutes(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Max(1, Math.Ceiling(span.TotalMinutes)));

    private static IReadOnlyList<string> Tags(CheckDefinition check, string type, MonitorConfig config)
    {
        var tags = new List<string>
        {
            $"check:{check.Name}",
            $"check_type:{type}",
            $"source:{check.Source}",
            $"table:{check.Table}",
        };
        if (MonitorMessage.Owner(check, config.Defaults) is { } owner)
        {
            tags.Add($"owner:{owner}");
        }

        tags.AddRange(check.Tags);
        tags.AddRange(config.Notifications.Datadog.Tags);
        return [.. tags.Distinct(StringComparer.Ordinal)];
    }
}
