namespace CustomerData.Checks.Sql;

/// <summary>How one SQL engine spells the few constructs the planner emits; values always travel as parameters.</summary>
public interface ISqlDialect
{
    /// <summary>Quotes a validated dotted identifier ("sales.orders").</summary>
    string QuoteIdentifier(string dotted);

    /// <summary>The placeholder of a named parameter in statement text.</summary>
    string Parameter(string name);

    /// <summary>Counts rows, or only those where the predicate holds.</summary>
    string Count(string? predicate);

    /// <summary>The newest value of a quoted timestamp column as epoch microseconds, over rows where the predicate holds.</summary>
    string NewestEpochMicros(string quotedColumn, string? predicate);

    /// <summary>
    /// The bucket a quoted timestamp column falls in, counted back from an end: 0 for [end − width, end), 1 for the
    /// bucket before, as a whole number (both given in microseconds since the Unix epoch).
    /// </summary>
    string BucketIndex(string quotedColumn, long endMicros, long widthMicros);

    /// <summary>The sum of a quoted numeric column as a real number, over rows where the predicate holds (NULL over no rows).</summary>
    string Sum(string quotedColumn, string? predicate);

    /// <summary>A quoted key column as text, so keys of any type compare across sources.</summary>
    string KeyText(string quotedColumn);

    /// <summary>A deterministic hash of an expression, to order a repeatable sample by.</summary>
    string Hash(string expression);

    /// <summary>A predicate true when the column is NULL.</summary>
    string IsNull(string quotedColumn);

    /// <summary>A predicate for start &lt;= column &lt; end, written so partition pruning applies.</summary>
    string InRange(string quotedColumn, string startParameter, string endParameter);

    /// <summary>A value written into statement text, for the copy of a check's SQL a person pastes and runs by hand.</summary>
    string Literal(object value);

    /// <summary>
    /// One metadata query listing a table's columns as rows of (name, type) in table order: information_schema.columns
    /// matched on the table's dotted name, whose segments (catalog, schema, table; the last ones given) arrive as
    /// parameters, in order.
    /// </summary>
    string Columns(IReadOnlyList<string> nameParameters);

    /// <summary>How this engine spells column types and their aliases, for comparing expected types.</summary>
    Values.TypeNames Types { get; }

    /// <summary>One value standing for a key of several quoted columns, equal exactly when every column is equal.</summary>
    string Key(IReadOnlyList<string> quotedColumns);

    /// <summary>The number of distinct non-NULL values of a key expression over rows where the predicate holds.</summary>
    string DistinctCount(string key, string? predicate);

    /// <summary><see cref="DistinctCount"/> estimated with the engine's HyperLogLog.</summary>
    string ApproxDistinctCount(string key, string? predicate);

    /// <summary>A predicate true when the column's text contains a match of the (RE2) pattern expression.</summary>
    string RegexContains(string quotedColumn, string pattern);

    /// <summary>The column's value as text (what a failed-row sample reads).</summary>
    string Text(string quotedColumn);
}
