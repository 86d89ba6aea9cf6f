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
                output.WriteLine(JsonSerializer.Serialize(new { statement_id = id, statement }));
            }
        }

        foreach (var result in results)
        {
            var line = new
            {
                check = result.Check.Name,
                status = result.Status.ToString().ToLowerInvariant(),
                value = result.Value,
                observed = result.Observed,
                expected = result.Expected,
                message = result.Message,
                type = result.Type,
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
            };
            output.WriteLine(JsonSerializer.Serialize(line));
        }
    }
}
