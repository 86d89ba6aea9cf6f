using System.Text.RegularExpressions;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>Job labels (https://cloud.google.com/bigquery/docs/labels-intro): app and check set by the monitor, the source's own added.</summary>
internal static partial class JobLabels
{
    public const string App = "customerdata-monitor";

    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "app", "check" };

    public static IReadOnlyDictionary<string, string> For(IReadOnlyDictionary<string, string> own, IReadOnlyList<string> checks)
    {
        var labels = new Dictionary<string, string>(own, StringComparer.Ordinal) { ["app"] = App };
        if (checks.Count > 0)
        {
            labels["check"] = CheckValue(checks);
        }

        return labels;
    }

    /// <summary>One check's name, or several joined by '-' and cut to the 63 characters a label value may have.</summary>
    public static string CheckValue(IReadOnlyList<string> checks)
    {
        var value = string.Join('-', checks);
        return value.Length <= 63 ? value : value[..63];
    }

    public static bool IsValidKey(string key) => Key().IsMatch(key);

    public static bool IsValidValue(string value) => Value().IsMatch(value);

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}\\z")]
    private static partial Regex Key();

    [GeneratedRegex("^[a-z0-9_-]{0,63}\\z")]
    private static partial Regex Value();
}
