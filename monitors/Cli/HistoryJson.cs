using System.Text.Json;
using CustomerData.Monitors.History;

namespace CustomerData.Monitors.Cli;

/// <summary>
/// history --format json: one object per stored result, measured_at in the configured zone with its offset, written as
/// run --format json writes (characters as themselves, U+2028 and control characters escaped); a value the store holds
/// that JSON cannot (infinity, NaN) is null.
/// </summary>
internal static class HistoryJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = Output.JsonLinesWriter.Options.Encoder };

    public static void Write(TextWriter output, IReadOnlyList<HistoryRecord> records, TimeZoneInfo zone)
    {
        foreach (var r in records)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                json.WriteStartObject();
                json.WriteString("check", r.Check);
                json.WriteString("measured_at", TimeZoneInfo.ConvertTime(r.MeasuredAt, zone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("status", r.Status.ToString().ToLowerInvariant());
                Number(json, "value", r.Value);
                json.WriteString("observed", r.Observed);
                json.WriteString("expected", r.Expected);
                Number(json, "expected_low", r.ExpectedLow);
                Number(json, "expected_high", r.ExpectedHigh);
                json.WriteString("message", r.Message);
                json.WriteString("type", r.Type);
                json.WriteString("source", r.Source);
                json.WriteString("table", r.Table);
                json.WriteNumber("duration_ms", r.DurationMs);
                Number(json, "bytes_processed", r.BytesProcessed);
                Number(json, "bytes_billed", r.BytesBilled);
                json.WriteString("job_ids", r.JobIds);
                Number(json, "read_units", r.ReadUnits);
                json.WritePropertyName("sample");
                if (r.Sample is { } sample)
                {
                    json.WriteRawValue(sample);
                }
                else
                {
                    json.WriteNullValue();
                }

                json.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
