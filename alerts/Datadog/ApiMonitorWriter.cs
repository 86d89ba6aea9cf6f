using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// Writes each monitor as the body of <c>POST /api/v1/monitor</c>, one file per check
/// (https://docs.datadoghq.com/api/latest/monitors/#create-a-monitor), and each active mute as the body of
/// <c>POST /api/v2/downtime</c> (https://docs.datadoghq.com/api/latest/downtimes/#schedule-a-downtime) in
/// &lt;check&gt;.downtime.json; standard output gets the monitor bodies as one array (downtimes only with files).
/// </summary>
internal sealed class ApiMonitorWriter : IMonitorWriter
{
    public const string DowntimeSuffix = ".downtime.json";

    public IReadOnlyList<ExportedFile> Files(IReadOnlyList<DatadogMonitor> monitors, IReadOnlyList<DatadogDowntime>? downtimes = null) =>
    [
        .. monitors.Select(monitor => new ExportedFile(monitor.Key + ".json", DatadogJson.Format(Body(monitor)))),
        .. (downtimes ?? []).Select(downtime => new ExportedFile(downtime.Key + DowntimeSuffix, DatadogJson.Format(Body(downtime)))),
    ];

    public string Document(IReadOnlyList<DatadogMonitor> monitors, IReadOnlyList<DatadogDowntime>? downtimes = null) =>
        DatadogJson.Format(new JsonArray([.. monitors.Select(Body)]));

    // The monitor's id is not known before it is created, so the downtime names it by tags only it carries.
    internal static JsonObject Body(DatadogDowntime downtime) => new()
    {
        ["data"] = new JsonObject
        {
            ["type"] = "downtime",
            ["attributes"] = new JsonObject
            {
                ["scope"] = downtime.Scope,
                ["monitor_identifier"] = new JsonObject { ["monitor_tags"] = DatadogJson.Strings(downtime.MonitorTags) },
                ["schedule"] = new JsonObject { ["end"] = DatadogJson.Instant(downtime.End) },
                ["message"] = downtime.Message,
            },
        },
    };

    internal static JsonObject Body(DatadogMonitor monitor)
    {
        var options = new JsonObject
        {
            ["thresholds"] = new JsonObject
            {
                ["critical"] = monitor.Thresholds.Critical,
                ["warning"] = monitor.Thresholds.Warning,
                ["unknown"] = monitor.Thresholds.Unknown,
                ["ok"] = monitor.Thresholds.Ok,
            },
            ["notify_no_data"] = monitor.NotifyNoData,
        };
        if (monitor.NoDataTimeframeMinutes is { } noData)
        {
            options["no_data_timeframe"] = noData;
        }

        if (monitor.RenotifyIntervalMinutes is { } renotify)
        {
            options["renotify_interval"] = renotify;
        }

        return new JsonObject
        {
            ["name"] = monitor.Name,
            ["type"] = monitor.Type,
            ["query"] = monitor.Query,
            ["message"] = monitor.Message,
            ["tags"] = DatadogJson.Strings(monitor.Tags),
            ["options"] = options,
        };
    }
}
