using CustomerData.Alerts.DogStatsd;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// What the exported monitors watch besides their check: the environment (env:, from --env or DD_ENV) and any tags the
/// export is given, normalized as the metrics' tags are, so a staging run never pages production's monitors.
/// </summary>
internal sealed record MonitorScope(string? Env, IReadOnlyList<string> Tags)
{
    public static MonitorScope Everything { get; } = new(null, []);

    /// <summary>env:&lt;env&gt; then the tags, normalized, without repeats; empty for every environment.</summary>
    public IReadOnlyList<string> Filters { get; } =
        DatadogTags.NormalizeAll([Env is null ? null : "env:" + Env, .. Tags]);
}
