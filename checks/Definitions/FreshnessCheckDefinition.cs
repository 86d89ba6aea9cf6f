using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Lag between now and the newest value of a timestamp column.</summary>
public sealed record FreshnessCheckDefinition : CheckDefinition, ILearnedThreshold
{
    [Description("The timestamp column whose newest value shows how fresh the table is (not used, and not needed, with \"mode\": \"metadata\").")]
    public string Column { get; init; } = string.Empty;

    [Description("WARNING when the newest row is older than this, such as \"2h\".")]
    public Duration? WarnAfter { get; init; }

    [Description("CRITICAL when the newest row is older than this, such as \"6h\".")]
    public Duration? CriticalAfter { get; init; }

    [Description("A learned threshold: WARNING and CRITICAL when the lag leaves the range learned from the check's own recorded runs (one per scheduled run; see README \"Learned thresholds\"); beside warn_after/critical_after, the static limits win when crossed. \"anomaly\": {} uses every default.")]
    public AnomalyDefinition? Anomaly { get; init; }

    [Description("\"scan\" (default) reads the rows; \"metadata\" asks the table's metadata instead, where the source has it (BigQuery, DynamoDB).")]
    public MeasureMode? Mode { get; init; }

    [Description("DynamoDB only: a global or local secondary index whose sort key is \"column\"; the newest item is read with one Query per partition key value instead of a scan.")]
    public string? Index { get; init; }

    [Description("DynamoDB only, with \"index\": the index partition key values to query (one value for a sparse index with a constant partition key).")]
    public IReadOnlyList<string>? PartitionKeyValues { get; init; }
}
