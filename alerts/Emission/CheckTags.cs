using System.Text.RegularExpressions;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;

namespace CustomerData.Alerts.Emission;

/// <summary>The Datadog tags of a check: check, check_type, source, table, owner, team, then its own tags.</summary>
public static partial class CheckTags
{
    public static string[] For(CheckDefinition check, MonitorConfig config)
    {
        var owner = check.Owner ?? config.Defaults.Owner;
        var tags = new List<string>
        {
            "check:" + check.Name,
            "check_type:" + Catalog.Default.CheckKindOf(check).TypeName,
            "source:" + Clean(check.Source),
            "table:" + check.Table,
        };
        if (owner is not null)
        {
            // The owning team is also the Datadog team, so monitors and dashboards can filter by team:.
            tags.Add("owner:" + Clean(owner));
            tags.Add("team:" + Clean(owner));
        }

        tags.AddRange(check.Tags.Select(Clean));
        return [.. tags];
    }

    // Datadog folds tags to lowercase and turns other characters into underscores; doing it here keeps
    // what we send equal to what Datadog shows.
    private static string Clean(string value) => Invalid().Replace(value.ToLowerInvariant(), "_");

    [GeneratedRegex("[^a-z0-9_:./-]")]
    private static partial Regex Invalid();
}
