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

    // Counting back from the end keeps the operands non-negative, so integer division floors.
    public string BucketIndex(string quotedColumn, long endMicros, long widthMicros) =>
        $"({endMicros} - epoch_us({quotedColumn}) - 1) // {widthMicros}";

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

    // DuckDB matches identifiers case-insensitively, quoted or not, so the names are compared the same way.
    public string Columns(IReadOnlyList<string> nameParameters)
    {
        string[] fields = ["table_catalog", "table_schema", "table_name"];
        var conditions = nameParameters.Select((parameter, i) => $"lower({fields[fields.Length - nameParameters.Count + i]}) = lower({parameter})").ToList();
        if (nameParameters.Count == 1)
        {
            conditions.Insert(0, "table_schema = current_schema()");
        }

        return "SELECT column_name, data_type\nFROM information_schema.columns\nWHERE " + string.Join(" AND ", conditions) + "\nORDER BY ordinal_position";
    }

    /// <summary>DuckDB's type names (https://duckdb.org/docs/sql/data_types/overview) with the aliases it accepts.</summary>
    public Values.TypeNames Types { get; } = new(new Dictionary<string, string[]>
    {
        ["BIGINT"] = ["INT8", "LONG"],
        ["INTEGER"] = ["INT4", "INT", "SIGNED"],
        ["SMALLINT"] = ["INT2", "SHORT"],
        ["TINYINT"] = ["INT1"],
        ["HUGEINT"] = ["INT128"],
        ["UBIGINT"] = ["UINT64"],
        ["UINTEGER"] = ["UINT32"],
        ["USMALLINT"] = ["UINT16"],
        ["UTINYINT"] = ["UINT8"],
        ["DOUBLE"] = ["FLOAT8"],
        ["FLOAT"] = ["FLOAT4", "REAL"],
        ["DECIMAL"] = ["NUMERIC"],
        ["VARCHAR"] = ["CHAR", "BPCHAR", "TEXT", "STRING"],
        ["BLOB"] = ["BYTEA", "BINARY", "VARBINARY"],
        ["BOOLEAN"] = ["BOOL", "LOGICAL"],
        ["TIMESTAMP"] = ["DATETIME", "TIMESTAMP WITHOUT TIME ZONE"],
        ["TIMESTAMP WITH TIME ZONE"] = ["TIMESTAMPTZ"],
    });

    // row() compares field by field, so two keys are one distinct value exactly when every column is equal.
    public string Key(IReadOnlyList<string> quotedColumns) =>
        quotedColumns.Count == 1 ? quotedColumns[0] : "row(" + string.Join(", ", quotedColumns) + ")";

    public string DistinctCount(string key, string? predicate) =>
        predicate is null ? $"count(DISTINCT {key})" : $"count(DISTINCT CASE WHEN {predicate} THEN {key} END)";

    // DuckDB's HyperLogLog keeps 64 registers (src/include/duckdb/common/types/hyperloglog.hpp): see DuckDbSource.
    public string ApproxDistinctCount(string key, string? predicate) =>
        predicate is null ? $"approx_count_distinct({key})" : $"approx_count_distinct(CASE WHEN {predicate} THEN {key} END)";

    // regexp_matches is RE2 and true when the pattern matches anywhere in the text, as BigQuery's REGEXP_CONTAINS.
    public string RegexContains(string quotedColumn, string pattern) => $"regexp_matches({Text(quotedColumn)}, {pattern})";

    public string Text(string quotedColumn) => $"CAST({quotedColumn} AS VARCHAR)";
}
