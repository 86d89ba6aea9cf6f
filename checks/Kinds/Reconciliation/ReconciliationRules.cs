using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Kinds.Reconciliation;

/// <summary>What a reconciliation must say that its JSON shape cannot express.</summary>
internal static class ReconciliationRules
{
    public const int MaxSample = 10_000;

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static IEnumerable<ConfigProblem> Validate(ReconciliationCheckDefinition check, string path, DefaultsDefinition defaults)
    {
        var compare = ReconciliationSides.CompareOf(check);
        var problems = new List<ConfigProblem>();
        foreach (var (name, side) in new[] { ("left", check.Left), ("right", check.Right) })
        {
            problems.AddRange(Side(check, compare, side, JsonPath.Property(path, name)));
        }

        // The shared fields of every check that a reconciliation states per side.
        if (check.Filter is not null)
        {
            problems.Add(new(JsonPath.Property(path, "filter"), "a reconciliation filters each side on its own", "move \"filter\" into \"left\" and/or \"right\""));
        }

        if (check.TimeFormat is not null)
        {
            problems.Add(new(JsonPath.Property(path, "time_format"), "a reconciliation states the time format of each side on its own", "move \"time_format\" into the DynamoDB side"));
        }

        problems.AddRange(compare == ReconciliationCompare.FreshnessLag ? Ages(check, path) : Shares(check, path));
        if (check.Window is { } window && defaults.WindowAlignmentOf(check.WindowAlignment) == WindowAlignment.Complete
            && !(window.Value >= Day ? window.Value.Ticks % Day.Ticks == 0 : Day.Ticks % window.Value.Ticks == 0))
        {
            problems.Add(new(JsonPath.Property(path, "window"), $"window \"{window}\" does not cut a day into complete buckets", "with window_alignment \"complete\", use whole days or a window that divides 24h (such as 1h, 6h, 15m)"));
        }

        if (check.Lag is not null && check.Window is null)
        {
            problems.Add(new(JsonPath.Property(path, "lag"), "\"lag\" shifts the window, and there is none", "add \"window\", or remove \"lag\""));
        }

        if (check.Keys is { } keys)
        {
            problems.AddRange(Identifiers.Check(keys.Left, JsonPath.Property(JsonPath.Property(path, "keys"), "left"), "key column"));
            problems.AddRange(Identifiers.Check(keys.Right, JsonPath.Property(JsonPath.Property(path, "keys"), "right"), "key column"));
            if (keys.Sample is < 1 or > MaxSample)
            {
                problems.Add(new(JsonPath.Property(JsonPath.Property(path, "keys"), "sample"), $"sample is {keys.Sample}", $"sample 1 to {MaxSample:#,0} keys (default 1,000)"));
            }
        }

        return problems;
    }

    private static IEnumerable<ConfigProblem> Side(ReconciliationCheckDefinition check, ReconciliationCompare compare, ReconciliationSide side, string path)
    {
        foreach (var problem in Identifiers.Check(side.TimeColumn, JsonPath.Property(path, "time_column"), "column name")
            .Concat(Identifiers.Check(side.Column, JsonPath.Property(path, "column"), "column name")))
        {
            yield return problem;
        }

        if (side.TimeColumn is null && (check.Window is not null || compare == ReconciliationCompare.FreshnessLag))
        {
            var why = compare == ReconciliationCompare.FreshnessLag ? "freshness_lag compares the newest time of each side" : "the window applies to each side's own time column";
            yield return new(path, $"\"time_column\" is required: {why}", "name the timestamp column, such as \"time_column\": \"updated_at\"");
        }

        if (side.TimeColumn is not null && check.Window is null && compare != ReconciliationCompare.FreshnessLag)
        {
            yield return new(JsonPath.Property(path, "time_column"), "\"time_column\" without \"window\" has no effect", "add a window such as \"window\": \"1d\", or remove time_column");
        }

        if (compare == ReconciliationCompare.Sum && side.Column is null)
        {
            yield return new(path, "\"column\" is required with \"compare\": \"sum\"", "name the numeric column summed on this side, such as \"column\": \"amount_eur\"");
        }

        if (compare != ReconciliationCompare.Sum && side.Column is not null)
        {
            yield return new(JsonPath.Property(path, "column"), "\"column\" is only read with \"compare\": \"sum\"", "remove it, or set \"compare\": \"sum\"");
        }

        if (side.Filter is { } blank && string.IsNullOrWhiteSpace(blank))
        {
            yield return new(JsonPath.Property(path, "filter"), "the filter is empty", "remove \"filter\" to compare every row");
        }
    }

    private static IEnumerable<ConfigProblem> Shares(ReconciliationCheckDefinition check, string path)
    {
        if (check.WarnAfter is not null || check.CriticalAfter is not null)
        {
            yield return new(path, "\"warn_after\" and \"critical_after\" judge \"compare\": \"freshness_lag\"", "bound the missing share with \"warn\": { \"max\": 0.001 } and \"critical\": { \"max\": 0.01 }");
        }

        if (check.Warn is null && check.Critical is null)
        {
            yield return new(path, "a reconciliation needs \"warn\" or \"critical\" bounds on the missing share", "add \"critical\": { \"max\": 0.01 } (1% of the left's rows missing on the right)");
        }

        foreach (var (level, bounds) in new[] { ("warn", check.Warn), ("critical", check.Critical) })
        {
            if (bounds is { Min: null, Max: null })
            {
                yield return new($"{path}.{level}", $"\"{level}\" sets neither min nor max", "give it \"max\" (a share missing), \"min\" (a negative share: the right has more) or both");
            }

            if (bounds is { Min: { } min, Max: { } max } && min > max)
            {
                yield return new($"{path}.{level}.min", $"{level}.min ({min}) is above {level}.max ({max})", "min is the lowest acceptable share and must not exceed max");
            }
        }

        if (check.Warn?.Max is { } warnMax && check.Critical?.Max is { } criticalMax && warnMax > criticalMax)
        {
            yield return new(path + ".warn.max", $"warn.max ({warnMax}) is above critical.max ({criticalMax})", "WARNING fires before CRITICAL: make warn.max the smaller share");
        }

        if (check.Warn?.Min is { } warnMin && check.Critical?.Min is { } criticalMin && criticalMin > warnMin)
        {
            yield return new(path + ".critical.min", $"critical.min ({criticalMin}) is above warn.min ({warnMin})", "WARNING fires before CRITICAL: make critical.min the more negative share");
        }
    }

    private static IEnumerable<ConfigProblem> Ages(ReconciliationCheckDefinition check, string path)
    {
        if (check.Warn is not null || check.Critical is not null)
        {
            yield return new(path, "\"warn\" and \"critical\" bound the missing share of \"count\" and \"sum\"", "judge freshness_lag with \"warn_after\" and \"critical_after\", such as \"1h\"");
        }

        if (check.WarnAfter is null && check.CriticalAfter is null)
        {
            yield return new(path, "a freshness_lag reconciliation needs \"warn_after\" or \"critical_after\"", "add \"critical_after\": \"6h\" (how far the copy may trail)");
        }

        if (check.WarnAfter is { } warn && check.CriticalAfter is { } critical && warn.Value >= critical.Value)
        {
            yield return new(path + ".warn_after", $"warn_after ({warn}) must be shorter than critical_after ({critical})", "WARNING fires before CRITICAL: make warn_after the smaller duration");
        }
    }
}
