using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>GoogleSQL's spelling: backtick-quoted identifiers, @name parameters, COUNTIF and UNIX_MICROS.</summary>
public sealed class BigQueryDialect : ISqlDialect
{
    public static BigQueryDialect Instance { get; } = new();

    // Identifiers are validated before they get here ([A-Za-z_][A-Za-z0-9_]* segments), so no backtick can occur.
    public string QuoteIdentifier(string dotted) => string.Join('.', dotted.Split('.').Select(segment => "`" + segment + "`"));

    /// <summary>The table as one backtick-quoted path, `project.dataset.table`; project ids may hold '-', '.' and ':'.</summary>
    public static string QuoteTable(string project, string table) => "`" + project + "." + table + "`";

    public string Parameter(string name) => "@" + name;

    public string Count(string? predicate) => predicate is null ? "COUNT(*)" : $"COUNTIF({predicate})";

    // MAX ignores NULLs, so IF(predicate, column, NULL) is GoogleSQL's FILTER clause.
    public string NewestEpochMicros(string quotedColumn, string? predicate) =>
        predicate is null ? $"UNIX_MICROS(MAX({quotedColumn}))" : $"UNIX_MICROS(MAX(IF({predicate}, {quotedColumn}, NULL)))";

    public string BucketIndex(string quotedColumn, long endMicros, long widthMicros) =>
        $"DIV({endMicros} - UNIX_MICROS({quotedColumn}) - 1, {widthMicros})";

    // INT64, FLOAT64 and NUMERIC sums each come back in their own type; the source reads all of them as a double.
    public string Sum(string quotedColumn, string? predicate) =>
        predicate is null ? $"SUM({quotedColumn})" : $"SUM(IF({predicate}, {quotedColumn}, NULL))";

    public string KeyText(string quotedColumn) => $"CAST({quotedColumn} AS STRING)";

    public string Hash(string expression) => $"FARM_FINGERPRINT({expression})";

    public string IsNull(string quotedColumn) => $"{quotedColumn} IS NULL";

    public string InRange(string quotedColumn, string startParameter, string endParameter) =>
        $"{quotedColumn} >= {startParameter} AND {quotedColumn} < {endParameter}";

    // GoogleSQL escapes quotes and backslashes inside '...' with a backslash; TIMESTAMP literals take an offset.
    public string Literal(object value) => value switch
    {
        DateTimeOffset time => "TIMESTAMP '" + SqlLiterals.UtcText(time) + "+00'",
        string text => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "'",
        _ => SqlLiterals.Number(value),
    };

    /// <summary>BigQuery reads a table's columns from tables.get (free), never from a query.</summary>
    public string Columns(IReadOnlyList<string> nameParameters) =>
        throw new NotSupportedException("BigQuery reads a table's columns from tables.get, not from a query");

    /// <summary>GoogleSQL's type names; tables.get still spells some the legacy way (INTEGER, FLOAT, BOOLEAN, RECORD).</summary>
    public Values.TypeNames Types { get; } = new(new Dictionary<string, string[]>
    {
        ["INT64"] = ["INTEGER", "INT", "SMALLINT", "BIGINT", "TINYINT", "BYTEINT"],
        ["FLOAT64"] = ["FLOAT"],
        ["BOOL"] = ["BOOLEAN"],
        ["NUMERIC"] = ["DECIMAL"],
        ["BIGNUMERIC"] = ["BIGDECIMAL"],
        ["STRUCT"] = ["RECORD"],
    });

    // COUNT(DISTINCT) takes no STRUCT; its JSON text is equal exactly when every field is (NULL keys never get here).
    public string Key(IReadOnlyList<string> quotedColumns) =>
        quotedColumns.Count == 1 ? quotedColumns[0] : "TO_JSON_STRING(STRUCT(" + string.Join(", ", quotedColumns) + "))";

    public string DistinctCount(string key, string? predicate) =>
        predicate is null ? $"COUNT(DISTINCT {key})" : $"COUNT(DISTINCT IF({predicate}, {key}, NULL))";

    // HyperLogLog++ (https://cloud.google.com/bigquery/docs/reference/standard-sql/approximate_aggregate_functions).
    public string ApproxDistinctCount(string key, string? predicate) =>
        predicate is null ? $"APPROX_COUNT_DISTINCT({key})" : $"APPROX_COUNT_DISTINCT(IF({predicate}, {key}, NULL))";

    public string RegexContains(string quotedColumn, string pattern) => $"REGEXP_CONTAINS({Text(quotedColumn)}, {pattern})";

    public string Text(string quotedColumn) => $"CAST({quotedColumn} AS STRING)";
}
