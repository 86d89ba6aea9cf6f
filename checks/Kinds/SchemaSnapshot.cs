using System.Text.Json;
using CustomerData.Checks.Values;

namespace CustomerData.Checks.Kinds;

/// <summary>A schema check's columns as the history store keeps them: a JSON array of [name, type] pairs, in table order.</summary>
internal static class SchemaSnapshot
{
    public static string Write(IReadOnlyList<ColumnType> columns) =>
        JsonSerializer.Serialize(columns.Select(c => new[] { c.Name, c.Type }));

    /// <summary>The columns of a stored snapshot; null when it cannot be read (then the run records a new one).</summary>
    public static IReadOnlyList<ColumnType>? Read(string snapshot)
    {
        try
        {
            return JsonSerializer.Deserialize<string[][]>(snapshot) is { } pairs && pairs.All(p => p is [_, _])
                ? [.. pairs.Select(p => new ColumnType(p[0], p[1]))]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
