using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// Writes the monitors as one Terraform JSON file of <c>datadog_monitor</c> resources, named after their checks
/// (https://registry.terraform.io/providers/DataDog/datadog/latest/docs/resources/monitor), and active mutes as
/// <c>datadog_downtime_schedule</c> resources of those monitors. The file declares its provider, DataDog/datadog:
/// without it, terraform init looks for hashicorp/datadog, which does not exist.
/// </summary>
internal sealed class TerraformMonitorWriter : IMonitorWriter
{
    public const string FileName = "monitors.tf.json";

    public IReadOnlyList<ExportedFile> Files(IReadOnlyList<DatadogMonitor> monitors, IReadOnlyList<DatadogDowntime>? downtimes = null) =>
        [new(FileName, Document(monitors, downtimes))];

    public string Document(IReadOnlyList<DatadogMonitor> monitors, IReadOnlyList<DatadogDowntime>? downtimes = null)
    {
        var resources = new JsonObject();
        foreach (var monitor in monitors)
        {
            resources[monitor.Key] = Resource(monitor);
        }

        var all = new JsonObject { ["datadog_monitor"] = resources };
        if (downtimes is { Count: > 0 })
        {
            var schedules = new JsonObject();
            foreach (var downtime in downtimes)
            {
                schedules[downtime.Key] = Downtime(downtime);
            }

            all["datadog_downtime_schedule"] = schedules;
        }

        var provider = new JsonObject { ["datadog"] = new JsonObject { ["source"] = "DataDog/datadog" } };
        return DatadogJson.Format(new JsonObject
        {
            ["terraform"] = new JsonObject { ["required_providers"] = provider },
            ["resource"] = all,
        });
    }

    // https://registry.terraform.io/providers/DataDog/datadog/latest/docs/resources/downtime_schedule: the monitor by
    // its id, a one-time schedule that starts when applied and ends with the mute (UTC, offset zero).
    private static JsonObject Downtime(DatadogDowntime downtime) => new()
    {
        ["scope"] = Literal(downtime.Scope),
        ["monitor_identifier"] = new JsonObject { ["monitor_id"] = $"${{datadog_monitor.{downtime.MonitorKey}.id}}" },
        ["one_time_schedule"] = new JsonObject { ["end"] = DatadogJson.Instant(downtime.End) },
        ["message"] = Literal(downtime.Message),
    };

    private static JsonObject Resource(DatadogMonitor monitor)
    {
        var resource = new JsonObject
        {
            ["name"] = Literal(monitor.Name),
            ["type"] = monitor.Type,
            ["query"] = Literal(monitor.Query),
            ["message"] = Literal(monitor.Message),
            ["monitor_thresholds"] = new JsonObject
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
            resource["no_data_timeframe"] = noData;
        }

        if (monitor.RenotifyIntervalMinutes is { } renotify)
        {
            resource["renotify_interval"] = renotify;
        }

        resource["tags"] = DatadogJson.Strings(monitor.Tags.Select(Literal));
        return resource;
    }

    /// <summary>
    /// Terraform reads every JSON string as a template, so a "${" or "%{" written in checks.json (a description,
    /// a runbook URL) would be interpolated; doubling the sign makes it literal. Datadog's "{{...}}" needs nothing.
    /// </summary>
    internal static string Literal(string text) => text.Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal);
}
