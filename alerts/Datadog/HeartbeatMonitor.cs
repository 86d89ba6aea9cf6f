using System.Text;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// The monitor that pages when `serve` stops: serve sends the service check customer_data.heartbeat (OK, tags env and
/// instance) every minute, and this monitor alerts when none arrived for <see cref="NoDataMinutes"/> minutes.
/// </summary>
internal static class HeartbeatMonitor
{
    public const string Key = "customer_data_heartbeat";
    public const string ServiceCheck = "customer_data.heartbeat";

    /// <summary>Five one-minute heartbeats missed: a lost packet or two never pages, a stopped serve does within minutes.</summary>
    public const int NoDataMinutes = 5;

    /// <summary>
    /// Grouped by env, not by instance: an instance id changes when a replica restarts, and a group that stops
    /// reporting pages, so grouping by instance would page at every deploy. Each env pages when none of its serve
    /// processes sends a heartbeat.
    /// </summary>
    public static DatadogMonitor Build(MonitorConfig config, MonitorScope scope)
    {
        var message = new StringBuilder()
            .Append("{{#is_no_data}}No heartbeat from the CustomerData monitor (serve) in {{env.name}} for ")
            .Append(NoDataMinutes).Append(" minutes: no check runs and no alert is sent until it is back. ")
            .Append("Is serve running, and can it reach the Datadog agent?\n{{/is_no_data}}")
            .Append("{{#is_alert}}The heartbeat reports CRITICAL: {{check_message}}\n{{/is_alert}}")
            .Append("{{#is_recovery}}The heartbeat is back: serve is running again.\n{{/is_recovery}}")
            .Append("\nserve sends the service check ").Append(ServiceCheck)
            .Append(" every minute, tagged env and instance (its scheduler instance id).");

        // Always through Datadog: a stopped serve cannot post through its own webhook.
        if (MonitorMessage.Mention(config, config.Defaults.Notify?.Slack) is { } mention)
        {
            message.Append("\n\n").Append(mention);
        }

        var renotify = config.Defaults.RenotifyAfter;
        return new DatadogMonitor(
            Key: Key,
            Name: "[CustomerData] monitor heartbeat (serve)",
            Type: "service check",
            Query: $"\"{ServiceCheck}\".over({MonitorDefinitionBuilder.Over(scope.Filters)}).by(\"env\").last(2).count_by_status()",
            Message: message.ToString(),
            Thresholds: new MonitorThresholds(Critical: 1, Warning: 1, Unknown: 1, Ok: 1),
            NoDataTimeframeMinutes: NoDataMinutes,
            RenotifyIntervalMinutes: renotify is { } every ? (int)Math.Max(1, Math.Ceiling(every.Value.TotalMinutes)) : null,
            Tags: DatadogTags.NormalizeAll(["monitor:heartbeat", .. config.Notifications.Datadog.Tags, .. scope.Filters]));
    }
}
