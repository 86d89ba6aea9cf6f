using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;

namespace CustomerData.Benchmarks.QueryEconomy;

/// <summary>
/// Item 1: queries issued and rows scanned per run of the reference configuration, batched by the engine
/// vs one query per check (the engine run once per check). Rows scanned come from DuckDB's own profile.
/// </summary>
internal sealed class QueryEconomyBenchmark : IBenchmarkItem
{
    private const int BatchedRuns = 5;
    private const int PerCheckRuns = 3;

    public int Number => 1;

    public string Title => "Query economy";

    public async Task<ItemResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        using var directory = new TemporaryDirectory("customerdata-bench-queries-");
        var warehouse = directory.File("reference.duckdb");
        var anchor = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var asOf = anchor.AddMinutes(20);
        context.Say($"creating {ReferenceConfiguration.Tables} tables ({Stats.Count(ReferenceConfiguration.TableList.Sum(t => t.Rows))} rows)");
        await SyntheticTable.CreateAsync(warehouse, anchor, ReferenceConfiguration.TableList, cancellationToken).ConfigureAwait(false);

        var config = CheckJson.Load(ReferenceConfiguration.Json(warehouse));
        var (sources, counters) = CountingDataSource.Open(config, new SourceEnvironment(directory.Path, context.Time));
        await using (sources.ConfigureAwait(false))
        await using (var connection = await DuckDbQuery.OpenAsync(warehouse, cancellationToken).ConfigureAwait(false))
        {
            var counter = counters[ReferenceConfiguration.Source];
            var engine = new CheckEngine(Catalog.Default, sources, context.Time);
            await engine.RunAsync(config, config.Checks, cancellationToken, asOf).ConfigureAwait(false);

            context.Say($"batched: {BatchedRuns} runs of {config.Checks.Count} checks");
            var batched = await RunMode.MeasureAsync(counter, BatchedRuns, () => engine.RunAsync(config, config.Checks, cancellationToken, asOf)).ConfigureAwait(false);
            context.Say($"one query per check: {PerCheckRuns} runs of {config.Checks.Count} single-check runs");
            var perCheck = await RunMode.MeasureAsync(counter, PerCheckRuns, () => RunMode.OneByOneAsync(engine, config, asOf, cancellationToken)).ConfigureAwait(false);
            if (batched.Log.Count == 0 || perCheck.Log.Count == 0)
            {
                var reason = batched.Results.FirstOrDefault(r => r.Status != CheckStatus.Ok)?.Message;
                throw new InvalidOperationException($"the engine measured nothing; first result: {reason ?? "none"}");
            }

            context.Say("reading rows scanned: each statement again under EXPLAIN ANALYZE");
            var profiler = new RowsScannedProfiler(connection);
            batched = batched with { Log = await profiler.ProfileAsync(batched.Log, cancellationToken).ConfigureAwait(false) };
            perCheck = perCheck with { Log = await profiler.ProfileAsync(perCheck.Log, cancellationToken).ConfigureAwait(false) };
            return Report(config, batched, perCheck);
        }
    }

    private static ItemResult Report(MonitorConfig config, RunMode batched, RunMode perCheck)
    {
        var slices = config.Checks.Select(c => (c.Source, c.Table)).Distinct().Count();
        var tableRows = ReferenceConfiguration.TableList.ToDictionary(t => t.Table, t => t.Rows, StringComparer.Ordinal);
        var totalRows = tableRows.Values.Sum();
        var scannedByTable = batched.Log.GroupBy(m => m.Table, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(m => m.RowsScanned ?? long.MaxValue / 1000), StringComparer.Ordinal);
        var profiled = batched.Log.All(m => m.RowsScanned is not null) && perCheck.Log.All(m => m.RowsScanned is not null);
        var oncePerTable = profiled && scannedByTable.All(t => t.Value <= tableRows[t.Key]);
        var sameResults = batched.Results.Select(r => (r.Check.Name, r.Status, r.Value)).SequenceEqual(perCheck.Results.Select(r => (r.Check.Name, r.Status, r.Value)));
        var batchedRows = batched.Log.Sum(m => m.RowsScanned ?? 0);
        var perCheckRows = perCheck.Log.Sum(m => m.RowsScanned ?? 0);

        Measurement[] rows =
        [
            new("queries per run", Stats.Count(batched.Queries), Stats.Count(perCheck.Queries), $"= table slices ({slices})", batched.Queries == slices),
            new("rows scanned per run", Stats.Count(batchedRows), Stats.Count(perCheckRows), $"≤ once per table ({Stats.Count(totalRows)})", oncePerTable),
            new("table scans per run (statements that read rows)", Stats.Count(batched.Scans), Stats.Count(perCheck.Scans)),
            new("most scans of one table in a run", Stats.Count(batched.MostScansOfOneTable), Stats.Count(perCheck.MostScansOfOneTable)),
            new("aggregates computed per run", Stats.Count(batched.Log.Sum(m => m.Aggregates)), Stats.Count(perCheck.Log.Sum(m => m.Aggregates))),
            new("wall time per run (median)", Stats.Ms(batched.MedianMs), Stats.Ms(perCheck.MedianMs)),
        ];
        var notes = new List<string>
        {
            $"{config.Checks.Count} checks ({string.Join(", ", config.Checks.GroupBy(c => Catalog.Default.CheckKindOf(c).TypeName).Select(g => $"{g.Count()} {g.Key}"))}) over {slices} tables of 10,000 to 200,000 rows ({Stats.Count(totalRows)} in all); "
                + "filters on country and status, windows of 1h, 6h, 1d and 7d, trailing and complete, null rates on email, campaign_id and amount.",
            $"Both modes returned {(sameResults ? "the same status and value for every check" : "DIFFERENT results (see the run's output)")}.",
            $"Per table, the batched run scanned each table {(oncePerTable ? "once" : "more than once")} (rows scanned per table at most its row count). One query per check scans a table once per check that reads rows; "
                + $"{Stats.Count(perCheck.Log.Count - perCheck.Scans)} of its {Stats.Count(perCheck.Log.Count)} queries read no row at all ({ZeroScans(config, perCheck)}): DuckDB answers them from the table's statistics, "
                + "so the baseline's rows scanned are lower than checks × table size.",
            "Rows scanned is DuckDB's `cumulative_rows_scanned` from its JSON profile of each statement the source sent: after the timed runs, every logged measurement's statement (the same text and bound parameters "
                + "the source built) runs again under `EXPLAIN (ANALYZE, FORMAT JSON)` on a read-only connection of the benchmark's own (the source's sandboxed connection may not write a profile file); "
                + "a statement DuckDB answers from statistics while planning has an empty profile and no table scan in its `EXPLAIN` plan, and counts as zero rows; "
                + "queries are counted by a decorator around the source.",
        };
        if (!profiled)
        {
            notes.Add("Some measurements were split into several statements, so their rows scanned were not profiled.");
        }

        return new ItemResult(1, "Query economy", $"Stopwatch harness in-process: the engine on a generated reference configuration, {BatchedRuns} batched runs and {PerCheckRuns} runs in one-query-per-check mode after a warm-up run; counts are per run, times are medians. "
            + "A whole-run count, not a micro-benchmark, so no BenchmarkDotNet.",
            "one query per check: the engine run once per check (each run plans one check alone), on the same connection.", rows, notes);
    }

    // In one-query-per-check mode the log has one measurement per check, in check order.
    private static string ZeroScans(MonitorConfig config, RunMode perCheck) =>
        string.Join(", ", config.Checks.Zip(perCheck.Log)
            .Where(pair => pair.Second.RowsScanned == 0)
            .GroupBy(pair => Describe(pair.First))
            .Select(g => $"{g.Count()} {g.Key}"));

    private static string Describe(CheckDefinition check) => check switch
    {
        VolumeCheckDefinition { Window: null, Filter: null } => "total-volume checks (`count(*)`)",
        FreshnessCheckDefinition { Filter: null } => "unfiltered freshness checks (`max(column)`)",
        _ => check.GetType().Name,
    };
}
