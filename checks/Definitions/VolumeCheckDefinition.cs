using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>Row count of a table, or of a window of it.</summary>
public sealed record VolumeCheckDefinition : WindowedCheckDefinition, ILearnedThreshold
{
    [Description("WARNING outside these bounds.")]
    public Bounds? Warn { get; init; }

    [Description("CRITICAL outside these bounds.")]
    public Bounds? Critical { get; init; }

    [Description("A learned threshold: WARNING and CRITICAL when the count leaves the range learned from the table's own past (with \"window\" and \"time_column\"; without a window, from the check's own recorded runs); beside warn/critical, the static bounds win when crossed. \"anomaly\": {} uses every default.")]
    public AnomalyDefinition? Anomaly { get; init; }

    [Description("\"scan\" (default) reads the rows; \"metadata\" asks the table's metadata instead, where the source has it (BigQuery, DynamoDB).")]
    public MeasureMode? Mode { get; init; }
}
