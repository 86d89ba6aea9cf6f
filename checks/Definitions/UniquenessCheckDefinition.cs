using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Share of duplicate rows: 1 − distinct keys / rows whose key has no NULL column.</summary>
public sealed record UniquenessCheckDefinition : SampledCheckDefinition, ILearnedThreshold
{
    [Description("The key: one column, or several read together, such as [\"order_id\"] or [\"customer_id\", \"day\"]. Rows with a NULL in any of them are left out.")]
    public required IReadOnlyList<string> Columns { get; init; }

    [Description("Count distinct keys with HyperLogLog (APPROX_COUNT_DISTINCT) instead of exactly; cheaper on BigQuery, and the message states the error bound. Default: false.")]
    public bool Approximate { get; init; }

    [Description("Below this many rows with a complete key the result is UNKNOWN. Default: 1.")]
    public long MinRows { get; init; } = 1;

    [Description("WARNING above this share of duplicate rows.")]
    public RatioLimit? Warn { get; init; }

    [Description("CRITICAL above this share of duplicate rows.")]
    public RatioLimit? Critical { get; init; }

    [Description("A learned threshold: WARNING and CRITICAL when the duplicate share leaves the range learned from the check's own recorded runs (one per scheduled run; see README \"Learned thresholds\"); beside warn/critical, the static limits win when crossed. \"anomaly\": {} uses every default.")]
    public AnomalyDefinition? Anomaly { get; init; }
}
