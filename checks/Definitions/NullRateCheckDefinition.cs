using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Share of rows where a column IS NULL.</summary>
public sealed record NullRateCheckDefinition : SampledCheckDefinition, ILearnedThreshold
{
    [Description("The column whose NULLs are counted.")]
    public required string Column { get; init; }

    [Description("Below this many rows the result is UNKNOWN instead of a ratio of a handful of rows. Default: 1.")]
    public long MinRows { get; init; } = 1;

    [Description("WARNING above this ratio.")]
    public RatioLimit? Warn { get; init; }

    [Description("CRITICAL above this ratio.")]
    public RatioLimit? Critical { get; init; }

    [Description("A learned threshold: WARNING and CRITICAL when the window's null rate leaves the range learned from the table's own past (with \"window\" and \"time_column\"; buckets with fewer than min_rows rows are left out; without a window, from the check's own recorded runs); beside warn/critical, the static limits win when crossed. \"anomaly\": {} uses every default.")]
    public AnomalyDefinition? Anomaly { get; init; }

    [Description("DynamoDB only: estimate the ratio from about this many items spread across scan segments instead of a full scan; the result states the sampling error.")]
    public int? Sample { get; init; }
}
