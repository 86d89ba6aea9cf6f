using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>A number computed by a SELECT of the team's own, judged against bounds.</summary>
public sealed record SqlCheckDefinition : CheckDefinition, ILearnedThreshold
{
    [Description("One SELECT in the source's SQL dialect returning one row: one numeric column (judged by warn/critical), or the columns named under \"columns\". Proven SELECT-only before it runs; written without \";\".")]
    public required string Query { get; init; }

    [Description("WARNING outside these bounds (a query returning one column).")]
    public Bounds? Warn { get; init; }

    [Description("CRITICAL outside these bounds (a query returning one column).")]
    public Bounds? Critical { get; init; }

    [Description("Column name to its own warn/critical bounds, for a query returning several numbers; the check's status is the worst of them.")]
    public IReadOnlyDictionary<string, ColumnBounds>? Columns { get; init; }

    [Description("A learned threshold on the check's value (the first column under \"columns\", whose bounds it makes optional): WARNING and CRITICAL when it leaves the range learned from the check's own recorded runs (one per scheduled run; see README \"Learned thresholds\"); beside warn/critical, the static bounds win when crossed. \"anomaly\": {} uses every default.")]
    public AnomalyDefinition? Anomaly { get; init; }
}

/// <summary>The bounds one column of a sql check's row is judged by.</summary>
public sealed record ColumnBounds
{
    [Description("WARNING outside these bounds.")]
    public Bounds? Warn { get; init; }

    [Description("CRITICAL outside these bounds.")]
    public Bounds? Critical { get; init; }
}
