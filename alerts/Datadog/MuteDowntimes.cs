using System.Globalization;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// The mutes active at export time (the `mute` command's, from the configured store, and checks.json's muted_until)
/// as downtimes of the monitors of enabled checks, so a mute silences Datadog's notifications as it does the
/// webhook's. A mute set or ended after the export needs a new export (and apply) to reach Datadog.
/// </summary>
internal static class MuteDowntimes
{
    public static IReadOnlyList<DatadogDowntime> Build(
        MonitorConfig config, IReadOnlyDictionary<string, Mute> mutes, DateTimeOffset now, MonitorScope scope)
    {
        var downtimes = new List<DatadogDowntime>();
        foreach (var check in config.Checks.Where(c => c.Enabled).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var stored = mutes.GetValueOrDefault(check.Name) is { } mute && mute.Until > now ? mute : null;
            var configured = check.MutedUntil is { } until && until > now ? until : (DateTimeOffset?)null;
            if (stored is null && configured is null)
            {
                continue;
            }

            // The later end wins, as the alert policy mutes while either holds.
            var fromStore = stored is not null && (configured is null || stored.Until >= configured);
            var end = fromStore ? stored!.Until : configured!.Value;
            var why = fromStore
                ? "muted with `mute`" + (string.IsNullOrWhiteSpace(stored!.Reason) ? string.Empty : ": " + stored.Reason.Trim())
                : "muted by muted_until in checks.json";
            var checkTag = DatadogTags.Normalize("check:" + check.Name)!;
            downtimes.Add(new DatadogDowntime(
                Key: check.Name,
                MonitorKey: check.Name,
                Scope: checkTag,
                MonitorTags: [checkTag, .. scope.Filters],
                End: end,
                Message: string.Create(
                    CultureInfo.InvariantCulture,
                    $"CustomerData: {check.Name} is {why}, until {end.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.")));
        }

        return downtimes;
    }
}
