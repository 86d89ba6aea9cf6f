using CustomerData.Alerts.DogStatsd;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Emission;

/// <summary>
/// The Datadog tags of a check: check, check_type, source, table, owner, team, then its own tags, each normalized by
/// <see cref="DatadogTags.Normalize"/>, the one function exported monitors use too, so monitors and metrics match.
/// </summary>
public static class CheckTags
{
    public static string[] For(CheckDefinition check, MonitorConfig config)
    {
        var identity = Identity(check, config);
        var owner = Owner(check, config);

        // The owning team is also the Datadog team, so monitors and dashboards can filter by team:.
        return DatadogTags.NormalizeAll([.. identity, owner is null ? null : "team:" + owner, .. check.Tags]);
    }

    /// <summary>check, check_type, source, table and owner (raw; normalize before sending).</summary>
    public static IReadOnlyList<string?> Identity(CheckDefinition check, MonitorConfig config)
    {
        var owner = Owner(check, config);
        return
        [
            "check:" + check.Name,
            "check_type:" + Catalog.Default.CheckKindOf(check).TypeName,
            "source:" + check.Source,
            "table:" + check.Table,
            owner is null ? null : "owner:" + owner,
        ];
    }

    private static string? Owner(CheckDefinition check, MonitorConfig config) =>
        new[] { check.Owner, config.Defaults.Owner }.FirstOrDefault(o => !string.IsNullOrWhiteSpace(o))?.Trim();
}
