using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Kinds;

/// <summary>The rules every ratio kind shares: a threshold at all, ratios within 0 and 1 in order, min_rows not negative.</summary>
internal static class RatioRules
{
    /// <param name="what">The ratio as messages name it ("a null rate").</param>
    /// <param name="learned">Whether a learned threshold judges the ratio, so that no static limit is needed.</param>
    public static IEnumerable<ConfigProblem> Validate(RatioLimit? warn, RatioLimit? critical, long minRows, string path, string kind, string what, string share, bool learned = false)
    {
        if (warn is null && critical is null && !learned)
        {
            yield return new ConfigProblem(path, $"a {kind} check needs \"warn\" or \"critical\", or \"anomaly\"", $"add \"critical\": {{ \"max\": 0.05 }} (the share of {share} at which on-call should act)");
        }

        foreach (var (level, limit) in new[] { ("warn", warn), ("critical", critical) })
        {
            if (limit is not null && (limit.Max < 0 || limit.Max > 1))
            {
                yield return new ConfigProblem($"{path}.{level}.max", $"{level}.max is {limit.Max}, but {what} lies between 0 and 1", "write a ratio: 0.05 means 5%");
            }
        }

        if (warn is { } w && critical is { } c && w.Max > c.Max)
        {
            yield return new ConfigProblem(path + ".warn.max", $"warn.max ({w.Max}) is above critical.max ({c.Max})", "WARNING fires before CRITICAL: make warn.max the smaller ratio");
        }

        if (minRows < 0)
        {
            yield return new ConfigProblem(path + ".min_rows", $"min_rows is {minRows}", "min_rows counts rows: use 0 or more");
        }
    }
}
