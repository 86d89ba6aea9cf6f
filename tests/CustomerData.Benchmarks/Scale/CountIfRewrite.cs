using System.Text.RegularExpressions;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sql;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// A what-if for the run's slowest statement: the engine's SQL as generated (one `count(*) FILTER (WHERE p)`
/// per aggregate) against the same statement with `count_if(p)` and `max(CASE WHEN p THEN c END)`, which
/// DuckDB evaluates much faster when a statement holds hundreds of aggregates. Same values are required.
/// </summary>
internal static partial class CountIfRewrite
{
    public static async Task<(int Aggregates, double GeneratedMs, double RewrittenMs, bool SameValues)> MeasureAsync(string databaseFile, MonitorConfig config, string table, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var plan = new Planner(Catalog.Default).Plan(config, config.Checks, asOf).Single(p => p.Measurement.Table == table);
        var statement = new SqlQueryBuilder(DuckDbDialect.Instance).Build(plan.Measurement)[0];
        var rewritten = MaxFilter().Replace(CountFilter().Replace(statement.Text, "$1CAST(count_if($2) AS BIGINT) AS $3"), "$1epoch_us(max(CASE WHEN $3 THEN $2 END)) AS $4");

        await using var connection = await DuckDbQuery.OpenAsync(databaseFile, cancellationToken).ConfigureAwait(false);
        var (generatedMs, generated) = await DuckDbQuery.RunAsync(connection, statement.Text, statement.Parameters, cancellationToken).ConfigureAwait(false);
        var (rewrittenMs, values) = await DuckDbQuery.RunAsync(connection, rewritten, statement.Parameters, cancellationToken).ConfigureAwait(false);
        return (statement.MeasureIndexes.Count, generatedMs, rewrittenMs, generated.SequenceEqual(values));
    }

    // One aggregate per line, as SqlQueryBuilder writes them: "  count(*) FILTER (WHERE p) AS m3,".
    [GeneratedRegex(@"^(\s*)count\(\*\) FILTER \(WHERE (.*)\) AS (m\d+)", RegexOptions.Multiline)]
    private static partial Regex CountFilter();

    [GeneratedRegex(@"^(\s*)epoch_us\(max\((.+?)\) FILTER \(WHERE (.*)\)\) AS (m\d+)", RegexOptions.Multiline)]
    private static partial Regex MaxFilter();
}
