namespace CustomerData.Checks.Sql;

/// <summary>A parameter bound to a statement; values never enter SQL as text.</summary>
public sealed record SqlParameter(string Name, object Value);

/// <summary>One generated query: its text, its parameters, and which measures its result columns answer, in order.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<SqlParameter> Parameters, IReadOnlyList<int> MeasureIndexes)
{
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
