using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Lag between now and the newest value of a timestamp column.</summary>
public sealed record FreshnessCheckDefinition : CheckDefinition
{
    [Description("The timestamp column whose newest value shows how fresh the table is.")]
    public required string Column { get; init; }

    [Description("WARNING when the newest row is older than this, such as \"2h\".")]
    public Duration? WarnAfter { get; init; }

    [Description("CRITICAL when the newest row is older than this, such as \"6h\".")]
    public Duration? CriticalAfter { get; init; }

    [Description("\"scan\" (default) reads the rows; \"metadata\" asks the table's metadata instead, where the source has it (BigQuery, DynamoDB).")]
    public MeasureMode? Mode { get; init; }
}
