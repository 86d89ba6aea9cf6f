using System.Text.Json;
using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Output;

/// <summary>
/// One JSON object per line, for scripts and log shippers: first one line per shared statement
/// (<c>statement_id</c>, <c>statement</c>), then one line per result carrying its own <c>query</c> and the
/// <c>statement_id</c> it was measured with, so output grows with the checks, not with checks times statement size.
/// </summary>
internal static class JsonLinesWriter
{
    /// <summary>
    /// Characters as themselves (<c>'</c>, <c>+</c>, <c>&lt;</c>, <c>&amp;</c>, accents), so <c>grep "'paid'"</c> finds a
    /// filter: the output is JSON lines for terminals, files and log shippers, never embedded in HTML or a script.
    /// Quotes, backslashes and control characters (line breaks included, so one object stays one line) are still
    /// escaped, and so are U+2028 and U+2029.
    /// </summary>
    internal static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What <c>value</c> counts, per check type: freshness lag in seconds, volume in rows, null rate as a ratio.</summary>
    public static string? UnitOf(string type) => type switch
    {
        "freshness" => "seconds",
        "volume" => "rows",
        "null_rate" or "uniqueness" or "validity" => "ratio",
        "schema" => "differences",
        _ => null,
    };

    public static void Write(TextWriter output, IReadOnlyList<CheckResult> results)
    {
        // The checks of one read share one string instance: comparing references spares hashing a long statement per check.
        var ids = new Dictionary<string, string>(ReferenceEqualityComparer.Instance);
        foreach (var statement in results.Select(r => r.Statement).OfType<string>())
        {
            if (!ids.ContainsKey(statement))
            {
                var id = "s" + (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                ids.Add(statement, id);
                output.WriteLine(JsonSerializer.Serialize(new { statement_id = id, statement }, Options));
            }
        }

        foreach (var result in results)
        {
            var type = result.Type;
            var line = new
            {
                check = result.Check.Name,
                status = result.Status.ToString().ToLowerInvariant(),
                value = result.Value,
                value_unit = UnitOf(type),
                observed = result.Observed,
                expected = result.Expected,
                expected_low = result.ExpectedLow,
                expected_high = result.ExpectedHigh,
                message = result.Message,
                type,
                source = result.Check.Source,
                table = result.Check.Table,
                duration_ms = Math.Round(result.Duration.TotalMilliseconds, 1),
                measured_at = result.MeasuredAt,
                query = result.Query,
                statement_id = result.Statement is { } statement ? ids[statement] : null,
                bytes_processed = result.BytesProcessed,
                bytes_billed = result.Cost?.BytesBilled,
                job_ids = result.Cost?.JobIds,
                read_units = result.Cost?.ReadUnits,
                notes = result.Cost?.Notes,
                sample = SampleJson.Object(result.Sample),
            };
            output.WriteLine(JsonSerializer.Serialize(line, Options));
        }
    }
}
