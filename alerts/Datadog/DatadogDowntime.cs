namespace CustomerData.Alerts.Datadog;

/// <summary>
/// A mute of checks.json or of the `mute` command, exported as a Datadog downtime of its check's monitor, so muting
/// silences the monitor's notifications as it silences the webhook path.
/// </summary>
/// <param name="Key">The Terraform resource name and the API body's file name: the check's name.</param>
/// <param name="MonitorKey">The monitor it silences (its Terraform resource name).</param>
/// <param name="Scope">The monitor group it silences: check:&lt;name&gt;.</param>
/// <param name="MonitorTags">Tags only that check's monitor carries (the API body cannot name a monitor id it does not know).</param>
/// <param name="End">When the mute ends; the downtime starts when it is created.</param>
/// <param name="Message">Why, as the mute says.</param>
internal sealed record DatadogDowntime(string Key, string MonitorKey, string Scope, IReadOnlyList<string> MonitorTags, DateTimeOffset End, string Message);
