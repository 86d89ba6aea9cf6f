namespace CustomerData.Checks.Sql;

/// <summary>DuckDB's spelling: double-quoted identifiers, $name parameters, FILTER clauses.</summary>
public sealed class DuckDbDialect : ISqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public string QuoteIdentifier(string dotted) =>
        string.Join('.', dotted.Split('.').Select(segment => "\"" + segment.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    public string Parameter(string name) => "$" + name;

    public string Count(string? predicate) => predicate is null ? "count(*)" : $"count(*) FILTER (WHERE {predicate})";

    public string NewestEpochMicros(string quotedColumn, string? predicate) =>
        predicate is null ? $"epoch_us(max({quotedColumn}))" : $"epoch_us(max({quotedColumn}) FILTER (WHERE {predicate}))";

    public string IsNull(string quotedColumn) => $"{quotedColumn} IS NULL";

    public string InRange(string quotedColumn, string startParameter, string endParameter) =>
        $"{quotedColumn} >= {startParameter} AND {quotedColumn} < {endParameter}";
}
