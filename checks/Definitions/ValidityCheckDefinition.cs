using System.ComponentModel;
using System.Text.Json;

namespace CustomerData.Checks.Definitions;

/// <summary>Share of non-NULL values of a column that break one rule: a list, a range, a pattern or a condition.</summary>
public sealed record ValidityCheckDefinition : SampledCheckDefinition, ILearnedThreshold, IConditionedCheck
{
    [Description("The column whose non-NULL values are judged (NULLs are the null_rate check's business).")]
    public required string Column { get; init; }

    [Description("Rule: the only valid values, all strings or all numbers, such as [\"paid\", \"shipped\"].")]
    public IReadOnlyList<JsonElement>? AcceptedValues { get; init; }

    [Description("Rule: valid values lie between min and max, both included (numbers).")]
    public ValueBounds? Range { get; init; }

    [Description("Rule: valid values, as text, contain a match of this RE2 regular expression (anchor with ^ and $ for the whole value), such as \"^[^@]+@[^@]+$\".")]
    public string? Pattern { get; init; }

    [Description("Rule: a predicate valid rows satisfy, in the source's SQL dialect and held to the rules of filters, such as \"amount_eur <= 10000 OR status = 'refunded'\"; FALSE or NULL is invalid.")]
    public string? Condition { get; init; }

    [Description("Below this many non-NULL values the result is UNKNOWN. Default: 1.")]
    public long MinRows { get; init; } = 1;

    [Description("WARNING above this share of invalid values.")]
    public RatioLimit? Warn { get; init; }

    [Description("CRITICAL above this share of invalid values.")]
    public RatioLimit? Critical { get; init; }

    [Description("A learned threshold: WARNING and CRITICAL when the invalid share leaves the range learned from the check's own recorded runs (one per scheduled run; see README \"Learned thresholds\"); beside warn/critical, the static limits win when crossed. \"anomaly\": {} uses every default.")]
    public AnomalyDefinition? Anomaly { get; init; }

    IEnumerable<(string Field, string Predicate)> IConditionedCheck.Conditions =>
        Condition is { } condition && !string.IsNullOrWhiteSpace(condition) ? [("condition", condition)] : [];

    IEnumerable<(string Field, string Pattern)> IConditionedCheck.Patterns => Pattern is { Length: > 0 } pattern ? [("pattern", pattern)] : [];
}

/// <summary>The inclusive limits of a validity range; either side may be open.</summary>
public sealed record ValueBounds
{
    [Description("The smallest valid value.")]
    public double? Min { get; init; }

    [Description("The largest valid value.")]
    public double? Max { get; init; }
}
