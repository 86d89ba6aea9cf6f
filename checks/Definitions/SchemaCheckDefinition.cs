using System.ComponentModel;

namespace CustomerData.Checks.Definitions;

/// <summary>The columns of a table and their types: against a declared list, and against the last snapshot.</summary>
public sealed record SchemaCheckDefinition : CheckDefinition
{
    [Description("The columns the table must have, with their types; see allow_extra and severity.")]
    public SchemaExpectation? Expect { get; init; }

    [Description("\"warning\" or \"critical\": the status when a column was added, removed or retyped since the last run's snapshot (kept in the history store).")]
    public Severity? OnChange { get; init; }

    [Description("Not accepted on a schema check (validate says why): its number counts differences from \"expect\" and the last snapshot, which have no usual range to learn.")]
    public System.Text.Json.JsonElement? Anomaly { get; init; }
}

/// <summary>The columns a table must have.</summary>
public sealed record SchemaExpectation
{
    [Description("Column name to type, as the source spells types or one of its aliases (\"BIGINT\", \"INT64\"); names and types compare case-insensitively, and a type without parameters (\"DECIMAL\") matches any (\"DECIMAL(18,3)\").")]
    public required IReadOnlyDictionary<string, string> Columns { get; init; }

    [Description("Whether the table may have columns not listed. Default: false.")]
    public bool AllowExtra { get; init; }

    [Description("\"warning\" or \"critical\" (default): the status when a column is missing, has another type, or is extra.")]
    public Severity Severity { get; init; } = Severity.Critical;
}
