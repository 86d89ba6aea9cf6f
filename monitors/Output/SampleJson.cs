using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Output;

/// <summary>
/// A failed-row sample as JSON, the same in `run --format json` and in the history store: columns, pii_columns, rows
/// (values as text, NULL and personal data as null), query and error.
/// </summary>
internal static class SampleJson
{
    private static readonly JsonSerializerOptions Options = new(JsonLinesWriter.Options);

    public static string? Serialize(RowSample? sample) => sample is null ? null : JsonSerializer.Serialize(Shape.Of(sample), Options);

    public static RowSample? Parse(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Shape>(json, Options) is { } shape
            ? new RowSample(shape.Columns, shape.PiiColumns, shape.Rows, shape.Query, shape.Error)
            : null;

    /// <summary>The written shape, as an object for `run --format json`.</summary>
    public static object? Object(RowSample? sample) => sample is null ? null : Shape.Of(sample);

    private sealed record Shape(
        [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
        [property: JsonPropertyName("pii_columns")] IReadOnlyList<string> PiiColumns,
        [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string?>> Rows,
        [property: JsonPropertyName("query")] string? Query,
        [property: JsonPropertyName("error")] string? Error)
    {
        public static Shape Of(RowSample sample) => new(sample.Columns, sample.PiiColumns, sample.Rows, sample.Query, sample.Error);
    }
}
