using System.Globalization;
using System.Text.Json;
using CustomerData.Checks.Sql;
using DuckDB.NET.Data;

namespace CustomerData.Benchmarks.Support;

/// <summary>
/// Rows a DuckDB measurement scans, from DuckDB's own profile: the statement the source sends (same text, same bound
/// parameters) run again under <c>EXPLAIN (ANALYZE, FORMAT JSON)</c> on a connection of the benchmark's own, after the
/// timed runs. The source's connection cannot write a profile: its sandbox forbids file output. A statement DuckDB
/// answers from statistics while planning (no table scan in its plan) read zero rows.
/// </summary>
internal sealed class RowsScannedProfiler(DuckDBConnection connection)
{
    private readonly SqlQueryBuilder _builder = new(DuckDbDialect.Instance);

    /// <summary>The log with rows scanned filled in: the sum over the measurement's statements (null when one could not be profiled).</summary>
    public async Task<IReadOnlyList<MeasurementLog>> ProfileAsync(IReadOnlyList<MeasurementLog> log, CancellationToken cancellationToken)
    {
        var profiled = new List<MeasurementLog>(log.Count);
        foreach (var entry in log)
        {
            var statements = _builder.Build(entry.Measurement);
            long? rows = 0;
            foreach (var statement in statements)
            {
                rows += await RowsScannedAsync(statement, cancellationToken).ConfigureAwait(false);
            }

            profiled.Add(entry with { RowsScanned = rows });
        }

        return profiled;
    }

    private async Task<long?> RowsScannedAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        using var profile = await ExplainAsync("EXPLAIN (ANALYZE, FORMAT JSON) ", statement, cancellationToken).ConfigureAwait(false);
        if (Find(profile.RootElement) is { } rows)
        {
            return rows;
        }

        // DuckDB answers some aggregates (count(*) of a whole table) from its statistics while planning: no operator
        // runs, the profile is {"result": "error"}, and the plan has no table scan at all. That is zero rows read.
        using var plan = await ExplainAsync("EXPLAIN (FORMAT JSON) ", statement, cancellationToken).ConfigureAwait(false);
        return ScansTable(plan.RootElement) ? null : 0;
    }

    private async Task<JsonDocument> ExplainAsync(string prefix, SqlStatement statement, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = prefix + statement.Text;
        foreach (var parameter in statement.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.Name, parameter.Value is DateTimeOffset time ? time.UtcDateTime : parameter.Value));
        }

        // One row (explain_key, explain_value): the value is the profile or the plan as JSON.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture)!);
    }

    private static long? Find(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("cumulative_rows_scanned", out var rows) => rows.GetInt64(),
        JsonValueKind.Array => element.EnumerateArray().Select(Find).FirstOrDefault(r => r is not null),
        _ => null,
    };

    private static bool ScansTable(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Array => node.EnumerateArray().Any(ScansTable),
        JsonValueKind.Object => (node.TryGetProperty("name", out var name) && name.GetString() is "TABLE_SCAN" or "SEQ_SCAN")
            || (node.TryGetProperty("children", out var children) && ScansTable(children)),
        _ => false,
    };
}
