namespace CustomerData.Checks.Sql;

/// <summary>DuckDB's spelling: double-quoted identifiers, $name parameters, count_if and CASE for conditional aggregates.</summary>
public sealed class DuckDbDialect : ISqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public string QuoteIdentifier(string dotted) =>
        string.Join('.', dotted.Split('.').Select(segment => "\"" + segment.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    public string Parameter(string name) => "$" + name;

    // count_if and CASE rather than FILTER clauses: with hundreds of conditional aggregates in one statement
    // DuckDB runs them many times faster (BENCHMARKS.md), with the same values.
    public string Count(string? predicate) => predicate is null ? "count(*)" : $"CAST(count_if({predicate}) AS BIGINT)";

    public string NewestEpochMicros(string quotedColumn, string? predicate) =>
        predicate is null ? $"epoch_us(max({quotedColumn}))" : $"epoch_us(max(CASE WHEN {predicate} THEN {quotedColumn} END))";

    // sum of a whole-number column is a HUGEINT; as DOUBLE every numeric type reads the same way.
    public string Sum(string quotedColumn, string? predicate) =>
        predicate is null ? $"CAST(sum({quotedColumn}) AS DOUBLE)" : $"CAST(sum(CASE WHEN {predicate} THEN {quotedColumn} END) AS DOUBLE)";

    public string KeyText(string quotedColumn) => $"CAST({quotedColumn} AS VARCHAR)";

    public string Hash(string expression) => $"hash({expression})";

    public string IsNull(string quotedColumn) => $"{quotedColumn} IS NULL";

    public string InRange(string quotedColumn, string startParameter, string endParameter) =>
        $"{quotedColumn} >= {startParameter} AND {quotedColumn} < {endParameter}";

    // An instant is written as text with its UTC offset, which DuckDB casts to the column's own type: the same rows
    // for TIMESTAMP (UTC) and TIMESTAMPTZ columns in any session time zone. A typed literal is not: in a
    // Europe/Paris session TIMESTAMP '...+00' shifts a TIMESTAMPTZ column by the offset and TIMESTAMPTZ '...' a
    // TIMESTAMP one, while the monitor itself compares in UTC.
    public string Literal(object value) => value switch
    {
        DateTimeOffset time => "'" + SqlLiterals.UtcText(time) + "+00'",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => SqlLiterals.Number(value),
    };
}
