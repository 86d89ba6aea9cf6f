using System.Text.Json;
using CustomerData.Checks;
using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.Output;

/// <summary>One JSON object per result per line, for scripts and log shippers.</summary>
internal static class JsonLinesWriter
{
    public static void Write(TextWriter output, IEnumerable<CheckResult> results)
    {
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
                type = Catalog.Default.CheckKindOf(result.Check).TypeName,
                source = result.Check.Source,
                table = result.Check.Table,
                duration_ms = Math.Round(result.Duration.TotalMilliseconds, 1),
                measured_at = result.MeasuredAt,
                query = result.Query,
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
