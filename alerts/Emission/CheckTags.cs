using CustomerData.Alerts.DogStatsd;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Emission;

/// <summary>
/// The Datadog tags of a check: check, check_type, source, table, owner, team, then its own tags, each normalized by
/// <see cref="DatadogTags.Normalize"/>, the one function exported monitors use too, so monitors and metrics match.
/// </summary>
public static class CheckTags
{
    /// <summary>The tags of a result's check; its kind comes from the result.</summary>
    public static string[] For(CheckResult result, MonitorConfig config) => For(result.Check, result.Type, config);

    public static string[] For(CheckDefinition check, string type, MonitorConfig config)
    {
        var identity = Identity(check, type, config);
        var owner = config.OwnerOf(check);

        // The owning team is also the Datadog team, so monitors and dashboards can filter by team:.
        return DatadogTags.NormalizeAll([.. identity, owner is null ? null : "team:" + owner, .. check.Tags]);
    }

    /// <summary>check, check_type, source, table and owner (raw; normalize before sending).</summary>
    public static IReadOnlyList<string?> Identity(CheckDefinition check, string type, MonitorConfig config)
    {
        var owner = config.OwnerOf(check);
        return
        [
            "check:" + check.Name,
            "check_type:" + type,
            "source:" + check.Source,
            "table:" + check.Table,
            owner is null ? null : "owner:" + owner,
        ];
    }
}
