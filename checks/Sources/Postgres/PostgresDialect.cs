using System.Globalization;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.Postgres;

/// <summary>PostgreSQL's spelling: double-quoted identifiers, $n parameters, aggregates with FILTER (WHERE ...).</summary>
public sealed class PostgresDialect : ISqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    // Quoted names are case-sensitive in PostgreSQL: "sales"."orders" is the table created as sales.orders.
    public string QuoteIdentifier(string dotted) =>
        string.Join('.', dotted.Split('.').Select(segment => "\"" + segment.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    // Positional: Npgsql sends the text as written (no rewriting of @names), and the builder names parameters p0, p1...
    public string Parameter(string name) =>
        name.Length > 1 && name[0] == 'p' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? "$" + (index + 1).ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentException($"PostgreSQL parameters are positional; \"{name}\" is not p0, p1, ...", nameof(name));

    public string Count(string? predicate) => predicate is null ? "count(*)" : $"count(*) FILTER (WHERE {predicate})";

    // extract(epoch ...) is numeric since PostgreSQL 14, so microseconds are exact; a TIMESTAMP column reads as UTC.
    public string NewestEpochMicros(string quotedColumn, string? predicate) =>
        predicate is null
            ? $"(extract(epoch FROM max({quotedColumn})) * 1000000)::bigint"
            : $"(extract(epoch FROM max({quotedColumn}) FILTER (WHERE {predicate})) * 1000000)::bigint";

    // Counting back from the end keeps the operands non-negative, so integer division floors.
    public string BucketIndex(string quotedColumn, long endMicros, long widthMicros) =>
        $"({endMicros} - (extract(epoch FROM {quotedColumn}) * 1000000)::bigint - 1) / {widthMicros}";

    // Exact equality: quoted PostgreSQL names are case-sensitive. A bare table name is looked up in the current schema.
    public string Columns(IReadOnlyList<string> nameParameters) => nameParameters.Count switch
    {
        1 => $"SELECT column_name, CASE WHEN data_type IN ('ARRAY', 'USER-DEFINED') THEN udt_name ELSE data_type END\nFROM information_schema.columns\nWHERE table_schema = current_schema() AND table_name = {nameParameters[0]}\nORDER BY ordinal_position",
        2 => $"SELECT column_name, CASE WHEN data_type IN ('ARRAY', 'USER-DEFINED') THEN udt_name ELSE data_type END\nFROM information_schema.columns\nWHERE table_schema = {nameParameters[0]} AND table_name = {nameParameters[1]}\nORDER BY ordinal_position",
        _ => $"SELECT column_name, CASE WHEN data_type IN ('ARRAY', 'USER-DEFINED') THEN udt_name ELSE data_type END\nFROM information_schema.columns\nWHERE table_catalog = {nameParameters[0]} AND table_schema = {nameParameters[1]} AND table_name = {nameParameters[2]}\nORDER BY ordinal_position",
    };

    public Values.TypeNames Types { get; } = new(new Dictionary<string, string[]>
    {
        ["BIGINT"] = ["INT8"],
        ["INTEGER"] = ["INT", "INT4"],
        ["SMALLINT"] = ["INT2"],
        ["DOUBLE PRECISION"] = ["FLOAT8", "FLOAT"],
        ["REAL"] = ["FLOAT4"],
        ["NUMERIC"] = ["DECIMAL"],
        ["CHARACTER VARYING"] = ["VARCHAR"],
        ["CHARACTER"] = ["CHAR", "BPCHAR"],
        ["BOOLEAN"] = ["BOOL"],
        ["TIMESTAMP WITHOUT TIME ZONE"] = ["TIMESTAMP"],
        ["TIMESTAMP WITH TIME ZONE"] = ["TIMESTAMPTZ"],
        ["TIME WITHOUT TIME ZONE"] = ["TIME"],
        ["TIME WITH TIME ZONE"] = ["TIMETZ"],
    });

    public string Sum(string quotedColumn, string? predicate) =>
        predicate is null ? $"CAST(sum({quotedColumn}) AS DOUBLE PRECISION)" : $"CAST(sum({quotedColumn}) FILTER (WHERE {predicate}) AS DOUBLE PRECISION)";

    public string KeyText(string quotedColumn) => $"CAST({quotedColumn} AS TEXT)";

    public string Hash(string expression) => $"md5({expression})";

    public string Key(IReadOnlyList<string> quotedColumns) =>
        quotedColumns.Count == 1 ? quotedColumns[0] : "ROW(" + string.Join(", ", quotedColumns) + ")";

    public string DistinctCount(string key, string? predicate) =>
        predicate is null ? $"count(DISTINCT {key})" : $"count(DISTINCT {key}) FILTER (WHERE {predicate})";

    // PostgreSQL has no HyperLogLog of its own; PostgresSourceKind refuses approximate counts, so this is never written.
    public string ApproxDistinctCount(string key, string? predicate) =>
        throw new NotSupportedException("PostgreSQL has no approximate distinct count; use \"approximate\": false");

    // A POSIX regular expression, not RE2: PostgresSourceKind refuses patterns until they are validated for it.
    public string RegexContains(string quotedColumn, string pattern) => $"CAST({quotedColumn} AS text) ~ {pattern}";

    public string Text(string quotedColumn) => $"CAST({quotedColumn} AS text)";

    public string IsNull(string quotedColumn) => $"{quotedColumn} IS NULL";

    public string InRange(string quotedColumn, string startParameter, string endParameter) =>
        $"{quotedColumn} >= {startParameter} AND {quotedColumn} < {endParameter}";

    // An instant as text with its UTC offset takes the column's own type: a TIMESTAMP column reads it as the UTC wall
    // time, a TIMESTAMPTZ column as the instant, in any session time zone. A string with a backslash is written E'...',
    // which reads the same whatever standard_conforming_strings says.
    public string Literal(object value) => value switch
    {
        DateTimeOffset time => "'" + SqlLiterals.UtcText(time) + "+00'",
        string text when text.Contains('\\', StringComparison.Ordinal) =>
            "E'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => SqlLiterals.Number(value),
    };
}
