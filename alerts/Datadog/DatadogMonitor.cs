namespace CustomerData.Alerts.Datadog;

/// <summary>One Datadog monitor generated from one check, before it is written as Terraform or as an API body.</summary>
/// <param name="Key">The check name (or the heartbeat's): the Terraform resource name and the API body's file name.</param>
/// <param name="Name">The monitor's title in Datadog and in its notifications.</param>
/// <param name="Type">The Datadog monitor type, "service check".</param>
/// <param name="Query">The service-check query, scoped by the export's env and tags, with the flap guard in its last(N).</param>
/// <param name="Message">The notification text, with Datadog template variables and the Slack mention.</param>
/// <param name="Thresholds">Consecutive statuses needed to change state.</param>
/// <param name="NoDataTimeframeMinutes">Null when the schedule never fires, so no data is expected.</param>
/// <param name="RenotifyIntervalMinutes">Null when neither the check nor the defaults set renotify_after.</param>
/// <param name="Tags">Deterministic order: the check's identity, its owner, its own tags, then the tags of every monitor.</param>
internal sealed record DatadogMonitor(
    string Key,
    string Name,
    string Type,
    string Query,
    string Message,
    MonitorThresholds Thresholds,
    int? NoDataTimeframeMinutes,
    int? RenotifyIntervalMinutes,
    IReadOnlyList<string> Tags)
{
    /// <summary>No-data alerts are on whenever a timeframe could be computed.</summary>
    public bool NotifyNoData => NoDataTimeframeMinutes is not null;
}

/// <summary>
/// Consecutive statuses a service-check monitor needs before it changes state; with Unknown set, a change to UNKNOWN
/// notifies too (https://docs.datadoghq.com/monitors/types/custom_check/: "Notify" for Unknown status).
/// </summary>
internal sealed record MonitorThresholds(int Critical, int Warning, int Unknown, int Ok);
