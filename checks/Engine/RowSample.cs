namespace CustomerData.Checks.Engine;

/// <summary>
/// The offending rows a failing check fetched (failed-row sample): its sample columns in order, each row's values as
/// text (NULL as null), and which columns are personal data, whose values are never read (always null here, shown as
/// "(pii)"). When the fetch failed, <see cref="Error"/> says why and there are no rows.
/// </summary>
/// <param name="Query">The sample statement with its values written as literals, to run by hand.</param>
public sealed record RowSample(IReadOnlyList<string> Columns, IReadOnlyList<string> PiiColumns, IReadOnlyList<IReadOnlyList<string?>> Rows, string? Query, string? Error = null)
{
    /// <summary>The most characters of one value kept; longer values end "… [cut N characters]".</summary>
    public const int ValueCharacters = 200;

    /// <summary>Whether this column's values were withheld as personal data.</summary>
    public bool IsPii(string column) => PiiColumns.Contains(column, StringComparer.Ordinal);

    /// <summary>A value as stored: cut to <see cref="ValueCharacters"/>, never inside a surrogate pair.</summary>
    public static string? Cap(string? value)
    {
        if (value is null || value.Length <= ValueCharacters)
        {
            return value;
        }

        // Half an emoji is not text: JSON, SQLite and Slack would each store or show it as U+FFFD.
        var kept = char.IsHighSurrogate(value[ValueCharacters - 1]) ? ValueCharacters - 1 : ValueCharacters;
        return value[..kept] + $"… [cut {value.Length - kept} characters]";
    }
}
