using System.Text.Json;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>A column of a table or result: name, type (INT64, TIMESTAMP, RECORD...), mode, and nested fields for RECORDs.</summary>
internal sealed record SchemaField(string Name, string Type, string? Mode, IReadOnlyList<SchemaField> Fields)
{
    public bool IsRepeated => Mode == "REPEATED";

    /// <summary>Reads schema.fields; absent means no columns.</summary>
    public static IReadOnlyList<SchemaField> ReadAll(JsonElement parent) =>
        parent.TryGetProperty("schema", out var schema) && schema.TryGetProperty("fields", out var fields) ? ReadFields(fields) : [];

    private static List<SchemaField> ReadFields(JsonElement fields) =>
        [.. fields.EnumerateArray().Select(f => new SchemaField(
            f.GetProperty("name").GetString()!,
            f.TryGetProperty("type", out var type) ? type.GetString()! : "STRING",
            f.TryGetProperty("mode", out var mode) ? mode.GetString() : null,
            f.TryGetProperty("fields", out var nested) ? ReadFields(nested) : []))];

    /// <summary>Finds a column by a dotted path through RECORDs; GoogleSQL names are case-insensitive.</summary>
    public static SchemaField? Find(IReadOnlyList<SchemaField> fields, string dotted)
    {
        SchemaField? found = null;
        foreach (var segment in dotted.Split('.'))
        {
            found = fields.FirstOrDefault(f => string.Equals(f.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                return null;
            }

            fields = found.Fields;
        }

        return found;
    }
}
