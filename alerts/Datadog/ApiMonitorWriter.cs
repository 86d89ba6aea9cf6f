using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// Writes each monitor as the body of <c>POST /api/v1/monitor</c>, one file per check
/// (https://docs.datadoghq.com/api/latest/monitors/#create-a-monitor); standard output gets them as one array.
/// </summary>
internal sealed class ApiMonitorWriter : IMonitorWriter
{
    public IReadOnlyList<ExportedFile> Files(IReadOnlyList<DatadogMonitor> monitors) =>
        [.. monitors.Select(monitor => new ExportedFile(monitor.Key + ".json", DatadogJson.Format(Body(monitor))))];

    public string Document(IReadOnlyList<DatadogMonitor> monitors) => DatadogJson.Format(new JsonArray([.. monitors.Select(Body)]));

    internal static JsonObject Body(DatadogMonitor monitor)
    {
        var options = new JsonObject
        {
            ["thresholds"] = new JsonObject
            {
                ["critical"] = monitor.Thresholds.Critical,
                ["warning"] = monitor.Thresholds.Warning,
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
