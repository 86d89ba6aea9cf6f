using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// Writes the monitors as one Terraform JSON file of <c>datadog_monitor</c> resources, named after their checks
/// (https://registry.terraform.io/providers/DataDog/datadog/latest/docs/resources/monitor).
/// </summary>
internal sealed class TerraformMonitorWriter : IMonitorWriter
{
    public const string FileName = "monitors.tf.json";

    public IReadOnlyList<ExportedFile> Files(IReadOnlyList<DatadogMonitor> monitors) => [new(FileName, Document(monitors))];

    public string Document(IReadOnlyList<DatadogMonitor> monitors)
    {
        var resources = new JsonObject();
        foreach (var monitor in monitors)
        {
            resources[monitor.Key] = Resource(monitor);
        }

        return DatadogJson.Format(new JsonObject { ["resource"] = new JsonObject { ["datadog_monitor"] = resources } });
    }

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
