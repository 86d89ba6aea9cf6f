using System.Collections.Frozen;

namespace CustomerData.Checks.Sql.Filters;

/// <summary>
/// What a filter may contain for one source type: the functions it may call (as DuckDB's parser names them) and
/// the character sequences refused before parsing, where the source's own lexer would read the text differently.
/// </summary>
internal sealed class FilterDialect
{
    // Operators the parser turns into functions: arithmetic, string concatenation and LIKE/ILIKE (~~, ~~*).
    private static readonly string[] Operators = ["+", "-", "*", "/", "%", "||", "~~", "!~~", "~~*", "!~~*"];

    // INTERVAL 1 DAY parses as to_days(CAST(trunc(CAST(1 AS DOUBLE)) AS INTEGER)).
    private static readonly string[] IntervalLiterals =
        ["trunc", "to_years", "to_months", "to_weeks", "to_days", "to_hours", "to_minutes", "to_seconds", "to_milliseconds", "to_microseconds"];

    private static readonly string[] Always = ["/*", "*/", "--", ";"];

    /// <summary>DuckDB: pure scalar functions of the row and the clock; no reader, setting, variable or error function.</summary>
    public static FilterDialect DuckDb { get; } = new(
        "DuckDB",
        [
            .. Operators, .. IntervalLiterals,
            "lower", "upper", "trim", "ltrim", "rtrim", "length", "abs", "round", "floor", "ceil", "nullif", "greatest", "least",
            "date_trunc", "date_part", "strftime", "regexp_matches", "starts_with", "ends_with", "contains", "like_escape",
            "ilike_escape", "now", "current_date", "current_timestamp",
        ],
        Always);

    /// <summary>
    /// BigQuery: the GoogleSQL spellings of the same pure functions. The text is also refused where GoogleSQL's lexer
    /// differs from DuckDB's (backslash escapes, # comments, backticks, triple-quoted strings), so what DuckDB proved
    /// is what BigQuery reads.
    /// </summary>
    public static FilterDialect BigQuery { get; } = new(
        "BigQuery",
        [
            .. Operators, .. IntervalLiterals,
            "lower", "upper", "trim", "ltrim", "rtrim", "length", "char_length", "abs", "round", "floor", "ceil", "nullif",
            "greatest", "least", "date_trunc", "timestamp_trunc", "datetime_trunc", "date_part", "date", "timestamp",
            "regexp_contains", "starts_with", "ends_with", "current_date", "current_timestamp", "current_datetime",
            "timestamp_sub", "timestamp_add", "date_sub", "date_add", "timestamp_diff", "date_diff",
        ],
        [.. Always, "\\", "#", "`", "'''", "\"\"\""]);

    /// <summary>
    /// PostgreSQL: the functions DuckDB and PostgreSQL both have with one meaning (DuckDB's parser comes from
    /// PostgreSQL's, so both read the text alike). A backslash is refused: PostgreSQL reads it as an escape in E'...'
    /// strings, and in every string where the server runs with standard_conforming_strings off.
    /// </summary>
    public static FilterDialect Postgres { get; } = new(
        "PostgreSQL",
        [
            .. Operators, .. IntervalLiterals,
            "lower", "upper", "trim", "ltrim", "rtrim", "length", "abs", "round", "floor", "ceil", "nullif", "greatest", "least",
            "date_trunc", "date_part", "starts_with", "like_escape", "ilike_escape", "now", "current_date", "current_timestamp",
        ],
        [.. Always, "\\"]);

    private FilterDialect(string name, IEnumerable<string> functions, IReadOnlyList<string> refusedSequences)
    {
        Name = name;
        Functions = functions.ToFrozenSet(StringComparer.Ordinal);
        RefusedSequences = refusedSequences;
    }

    /// <summary>The source type, as messages name it.</summary>
    public string Name { get; }

    /// <summary>Function names (lowercase, as the parser reports unquoted names) a filter may call.</summary>
    public FrozenSet<string> Functions { get; }

    /// <summary>Text refused anywhere in a filter, before parsing: comments, statement separators and lexer differences.</summary>
    public IReadOnlyList<string> RefusedSequences { get; }
}
