using System.Globalization;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.Emission;
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
    public IReadOnlyList<DatadogMonitor> Build(MonitorConfig config) => Build(config, MonitorScope.Everything);

    /// <summary>One monitor per enabled check, ordered by check name, each watching only the scope's results.</summary>
    public IReadOnlyList<DatadogMonitor> Build(MonitorConfig config, MonitorScope scope) =>
        [.. config.Checks.Where(c => c.Enabled).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => Build(c, config, scope))];

    public DatadogMonitor Build(CheckDefinition check, MonitorConfig config) => Build(check, config, MonitorScope.Everything);

    public DatadogMonitor Build(CheckDefinition check, MonitorConfig config, MonitorScope scope)
    {
        var defaults = config.Defaults;
        var alertAfter = Math.Min(config.AlertAfterOf(check), MaximumAlertAfter);
        var schedule = config.ScheduleOf(check);
        var interval = ScheduleInterval.Longest(schedule, TimeZones.Find(defaults.Timezone));
        int? noData = interval is { } gap ? NoDataTimeframe(gap) : null;
        var renotify = config.RenotifyAfterOf(check);
        var type = catalog.CheckKindOf(check).TypeName;
        return new DatadogMonitor(
            Key: check.Name,
            Name: $"[CustomerData] {check.Name} on {check.Table}",
            Type: "service check",
            Query: Query(check.Name, alertAfter, scope),
            Message: MonitorMessage.Compose(check, type, config, noData),
            Thresholds: Thresholds(alertAfter),
            NoDataTimeframeMinutes: noData,
            RenotifyIntervalMinutes: renotify is { } every ? WholeMinutes(every) : null,
            Tags: Tags(check, type, config, scope));
    }

    /// <summary>
    /// The flap guard: a monitor over the last alert_after + 1 runs that alerts (or warns) once alert_after of them
    /// in a row are CRITICAL (or WARNING) and resolves on the first OK. Datadog counts consecutive statuses among the
    /// last N, and N must be at least the largest threshold; one more than alert_after, as Datadog's own editor writes
    /// it, keeps the run before the streak in view. With alert_after 1 this is last(2) with thresholds 1/1/1.
    /// (https://docs.datadoghq.com/api/latest/monitors/#create-a-monitor, "Service check query")
    /// </summary>
    internal static string Query(string check, int alertAfter, MonitorScope scope) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"\"{ServiceCheck}\".over({Over([DatadogTags.Normalize("check:" + check)!, .. scope.Filters])})"
            + $".by(\"check\").last({alertAfter + 1}).count_by_status()");

    /// <summary>The tags of over(...): quoted, comma-separated; "*" for no filter at all.</summary>
    internal static string Over(IReadOnlyList<string> filters) =>
        filters.Count == 0 ? "\"*\"" : string.Join(',', filters.Select(tag => $"\"{tag}\""));

    /// <summary>UNKNOWN (the check could not be measured) pages like CRITICAL: after alert_after of them in a row.</summary>
    internal static MonitorThresholds Thresholds(int alertAfter) => new(Critical: alertAfter, Warning: alertAfter, Unknown: alertAfter, Ok: 1);

    /// <summary>
    /// Twice the longest gap between two runs, so one late or skipped run never alerts but a stopped monitor does;
    /// at least 2 minutes, Datadog's smallest no-data timeframe.
    /// </summary>
    internal static int NoDataTimeframe(TimeSpan longestGap) => Math.Max(2, 2 * WholeMinutes(longestGap));

    private static int WholeMinutes(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Max(1, Math.Ceiling(span.TotalMinutes)));

    // The metrics' own tags (CheckTags, one normalization for both) without team:, which notifications.datadog.tags
    // may set for every monitor, then those tags and the scope's.
    private static string[] Tags(CheckDefinition check, string type, MonitorConfig config, MonitorScope scope) =>
        DatadogTags.NormalizeAll([.. CheckTags.Identity(check, type, config), .. check.Tags, .. config.Notifications.Datadog.Tags, .. scope.Filters]);
}
