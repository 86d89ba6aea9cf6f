using System.Globalization;
using System.Text.Json;

namespace CustomerData.Checks.Sources.BigQuery.Client;

/// <summary>
/// Turns result cells into typed values. Every scalar arrives as a JSON string and NULL as null
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/tabledata#TableRow): INT64 becomes long, FLOAT64 double,
/// NUMERIC decimal, BOOL bool, TIMESTAMP a DateTimeOffset, anything else its text; RECORDs and REPEATED fields nest.
/// </summary>
internal static class CellDecoder
{
    public static object?[] DecodeRow(JsonElement row, IReadOnlyList<SchemaField> schema, bool int64Timestamps)
    {
        var cells = row.GetProperty("f");
        var values = new object?[schema.Count];
        var index = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            if (index < schema.Count)
            {
                values[index] = Decode(cell.TryGetProperty("v", out var v) ? v : default, schema[index], int64Timestamps);
            }

            index++;
        }

        return values;
    }

    public static object? Decode(JsonElement value, SchemaField field, bool int64Timestamps)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (field.IsRepeated)
        {
            var scalar = field with { Mode = "NULLABLE" };
            return value.EnumerateArray().Select(item => Decode(item.GetProperty("v"), scalar, int64Timestamps)).ToList();
        }

        if (field.Type is "RECORD" or "STRUCT")
        {
            return DecodeRow(value, field.Fields, int64Timestamps);
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return field.Type switch
        {
            "INT64" or "INTEGER" => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            "FLOAT64" or "FLOAT" => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            "NUMERIC" or "BIGNUMERIC" => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            "BOOL" or "BOOLEAN" => text.Equals("true", StringComparison.OrdinalIgnoreCase),
            "TIMESTAMP" => DateTimeOffset.UnixEpoch.AddTicks(TimestampMicros(text, int64Timestamps) * 10),
            _ => text,
        };
    }

    /// <summary>
    /// TIMESTAMP cells are float seconds by default, possibly in exponent form ("1.767940533372E9"), and int64
    /// microseconds with formatOptions.useInt64Timestamp. A fraction or exponent can only be seconds, so those are
    /// read as seconds whatever was asked (emulators ignore the option); a plain integer is what was asked for.
    /// </summary>
    public static long TimestampMicros(string text, bool int64Timestamps)
    {
        var isSeconds = text.AsSpan().IndexOfAny(".eE") >= 0 || !int64Timestamps;
        if (!isSeconds)
        {
            return long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var seconds = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return (long)decimal.Round(seconds * 1_000_000m, MidpointRounding.AwayFromZero);
    }

    /// <summary>A decoded aggregate as a real number (a sum of INT64, FLOAT64 or NUMERIC).</summary>
    public static double? ToNumber(object? value) => value switch
    {
        null => null,
        long whole => whole,
        double real => real,
        decimal number => (double)number,
        string text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"a {value.GetType().Name} cannot be a number"),
    };

    /// <summary>A decoded aggregate as the whole number a measure holds (timestamps as epoch microseconds).</summary>
    public static long? ToMeasure(object? value) => value switch
    {
        null => null,
        long whole => whole,
        double real => double.IsFinite(real) ? (long)Math.Round(real) : null,
        decimal number => (long)decimal.Round(number),
        bool flag => flag ? 1 : 0,
        DateTimeOffset time => (time - DateTimeOffset.UnixEpoch).Ticks / 10,
        string text => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"a {value.GetType().Name} cannot be a measure"),
    };
}
