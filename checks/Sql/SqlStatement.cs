namespace CustomerData.Checks.Sql;

/// <summary>A parameter bound to a statement; values never enter SQL as text.</summary>
public sealed record SqlParameter(string Name, object Value);

/// <summary>One generated query: its text, its parameters, and which measures its result columns answer, in order.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<SqlParameter> Parameters, IReadOnlyList<int> MeasureIndexes)
{
    /// <summary>For a grouped statement, the buckets its rows stand for (its first column is the bucket index); null
    /// for a statement of one row.</summary>
    public BucketGrid? Grid { get; init; }

    /// <summary>What its result holds: one row of aggregates (default), a table's columns, or a query's first rows.</summary>
    public StatementShape Shape { get; init; } = StatementShape.Aggregates;

    /// <summary>The statement, terminated, followed by the parameter values: what plan prints and what reproduces a result.</summary>
    /// <param name="placeholder">How the text writes each parameter, when not by its name (PostgreSQL's $1 for p0).</param>
    public string Describe(Func<string, string>? placeholder = null) =>
        Parameters.Count == 0
            ? Text + ";"
            : Text + ";\n-- parameters: " + string.Join(", ", Parameters.Select(p => $"{placeholder?.Invoke(p.Name) ?? p.Name} = {FormatValue(p.Value)}"));

    private static string FormatValue(object value) => value switch
    {
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

/// <summary>The buckets of a grouped statement: <see cref="Count"/> buckets of <see cref="Width"/> ending at <see cref="End"/>.</summary>
public sealed record BucketGrid(DateTimeOffset End, TimeSpan Width, int Count)
{
    /// <summary>Where bucket <paramref name="index"/> (0 the last) starts.</summary>
    public DateTimeOffset StartOf(long index) => End - (Width * (index + 1));
}

/// <summary>What a statement's result holds, so a source reads it right.</summary>
public enum StatementShape
{
    /// <summary>One row, one whole number per measure (counts, epoch microseconds).</summary>
    Aggregates,

    /// <summary>A row per column of the table (name, type), answering the one Columns measure.</summary>
    Columns,

    /// <summary>At most two rows of a user's query (two means it returned more than one); a number per measure.</summary>
    QueryRow,
}
