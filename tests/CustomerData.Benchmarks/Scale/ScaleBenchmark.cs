using System.Diagnostics;
using System.Text.Json;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources;

namespace CustomerData.Benchmarks.Scale;

/// <summary>
/// Item 3: 10,000 generated checks on the demo warehouse: loading and validating the file, `serve` start-up
/// time and resident memory (the real executable as a child process), and one run of every check.
/// </summary>
internal sealed class ScaleBenchmark : IBenchmarkItem
{
    public const int Checks = 10_000;
    private const int LoadRepetitions = 5;
    private const int ProcessRepetitions = 3;
    private const int BaselineRuns = 3;
    private const string SlowestTable = "marketing.events";

    public int Number => 3;

    public string Title => "Scale: 10,000 checks";

    public async Task<ItemResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        using var directory = new TemporaryDirectory("customerdata-bench-scale-");
        using var agent = new LoopbackAgent();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var demo = directory.File("demo.duckdb");
        context.Say("creating the demo warehouse");
        await DemoWarehouse.CreateAsync(demo, DemoWarehouse.AnchorFor(context.Time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var large = directory.File("checks.json");
        var small = directory.File("baseline.json");
        await File.WriteAllTextAsync(large, ScaleConfiguration.Generated(Checks, "demo.duckdb"), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(small, ScaleConfiguration.OnePerTable("demo.duckdb"), cancellationToken).ConfigureAwait(false);
        var environment = new Dictionary<string, string>(agent.Environment) { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty };

        context.Say($"loading {Checks:N0} checks with ConfigLoader");
        var load = MeasureLoad(large);
        var parse = MeasureParse(large);
        var (configBytes, loadAllocated) = ManagedBytesOf(large);
        var config = new ConfigLoader(Catalog.Default).LoadFile(large).Config!;
        var breakdown = LoaderBreakdown.Measure(large, config);

        context.Say("timing the `validate` command");
        var validate = await MeasureValidateAsync(large, environment, cancellationToken).ConfigureAwait(false);
        var validateSmall = await MeasureValidateAsync(small, environment, cancellationToken).ConfigureAwait(false);

        context.Say($"starting `serve` {ProcessRepetitions} times with {Checks:N0} checks and {ProcessRepetitions} times with 3 (the first of each also has its heap walked)");
        var serve = new List<ServeStart>();
        var serveSmall = new List<ServeStart>();
        for (var i = 0; i < ProcessRepetitions; i++)
        {
            serve.Add(await ServeStart.MeasureAsync(large, Checks, directory.File($"data-large-{i}"), environment, http, readHeap: i == 0, cancellationToken).ConfigureAwait(false));
            serveSmall.Add(await ServeStart.MeasureAsync(small, 3, directory.File($"data-small-{i}"), environment, http, readHeap: i == 0, cancellationToken).ConfigureAwait(false));
        }

        context.Say($"starting `serve` with --run-at-start: {Checks:N0} checks, then 3, each once");
        var afterRun = await ServeStart.MeasureAsync(large, Checks, directory.File("data-run-large"), environment, http, readHeap: false, cancellationToken, runAll: true).ConfigureAwait(false);
        var afterRunSmall = await ServeStart.MeasureAsync(small, 3, directory.File("data-run-small"), environment, http, readHeap: false, cancellationToken, runAll: true).ConfigureAwait(false);

        context.Say($"running {Checks:N0} checks on the demo warehouse once, then the 3-check baseline {BaselineRuns} times");
        var run = await MeasureRunAsync(large, 1, directory.Path, context, cancellationToken).ConfigureAwait(false);
        var runSmall = await MeasureRunAsync(small, BaselineRuns, directory.Path, context, cancellationToken).ConfigureAwait(false);
        context.Say($"what-if: the first {SlowestTable} statement with count_if instead of FILTER");
        var whatIf = await CountIfRewrite.MeasureAsync(demo, config, SlowestTable, run.AsOf, cancellationToken).ConfigureAwait(false);
        return Report(new Measures(load, parse, configBytes, loadAllocated, breakdown, validate, validateSmall, serve, serveSmall, afterRun, afterRunSmall, run, runSmall, whatIf));
    }

    private static (double First, double Median) MeasureLoad(string file)
    {
        var times = new List<double>();
        for (var i = 0; i <= LoadRepetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = new ConfigLoader(Catalog.Default).LoadFile(file);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!result.IsValid)
            {
                throw new InvalidOperationException("the generated configuration is invalid:\n" + string.Join("\n", result.Errors.Take(10)));
            }
        }

        return (times[0], Stats.Median(times.Skip(1)));
    }

    private static double MeasureParse(string file)
    {
        var times = new List<double>();
        for (var i = 0; i <= LoadRepetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Stats.Median(times.Skip(1));
    }

    /// <summary>The managed heap a loaded configuration keeps alive, and how much loading it allocated in all.</summary>
    private static (long Retained, long Allocated) ManagedBytesOf(string file)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var config = new ConfigLoader(Catalog.Default).LoadFile(file).Config;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(config);
        return (after - before, allocated);
    }

    private static async Task<double> MeasureValidateAsync(string config, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < ProcessRepetitions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (exitCode, milliseconds, output) = await MonitorProcess.RunAsync(Repository.MonitorsDll, ["validate", "--config", config], environment, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"validate exited {exitCode}:\n{output}");
            }

            times.Add(milliseconds);
        }

        return Stats.Median(times);
    }

    private static async Task<RunMeasure> MeasureRunAsync(string file, int runs, string baseDirectory, BenchmarkContext context, CancellationToken cancellationToken)
    {
        var config = new ConfigLoader(Catalog.Default).LoadFile(file).Config!;
        var (sources, counters) = CountingDataSource.Open(config, new SourceEnvironment(baseDirectory, context.Time));
        await using (sources.ConfigureAwait(false))
        {
            // Opening the file is not part of a run, as in `serve`, where the source stays open between runs.
            await sources[ScaleConfiguration.Source].OpenAsync(cancellationToken).ConfigureAwait(false);
            var engine = new CheckEngine(Catalog.Default, sources, context.Time);
            var counter = counters[ScaleConfiguration.Source];
            var asOf = context.Time.GetUtcNow();
            var times = new List<double>();
            IReadOnlyList<CheckResult> results = [];
            for (var i = 0; i < runs; i++)
            {
                counter.Reset();
                var started = Stopwatch.GetTimestamp();
                results = await engine.RunAsync(config, config.Checks, cancellationToken, asOf).ConfigureAwait(false);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var unknown = results.Where(r => r.Status == CheckStatus.Unknown).GroupBy(r => r.Message.Split(',')[0]).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} × \"{g.Key}\"").Take(2).ToList();
            return new RunMeasure(Stats.Median(times), asOf, counter.Log, results.Count(r => r.Status == CheckStatus.Unknown), unknown);
        }
    }

    private static ItemResult Report(Measures m)
    {
        double Median(IEnumerable<ServeStart> starts, Func<ServeStart, double> value) => Stats.Median(starts.Select(value));
        var resident = (long)Median(m.Serve, s => s.Memory.Resident);
        var residentSmall = (long)Median(m.ServeSmall, s => s.Memory.Resident);
        Measurement[] rows =
        [
            new("`validate`: ConfigLoader on the file, first call in the process", Stats.Ms(m.Load.First), $"{Stats.Ms(m.Parse)} (JsonDocument.Parse)", "< 1 s", m.Load.First < 1000),
            new($"`validate`: ConfigLoader on the file, warm (median of {LoadRepetitions})", Stats.Ms(m.Load.Median), $"{Stats.Ms(m.Parse)} (JsonDocument.Parse)", "< 1 s", m.Load.Median < 1000),
            new($"`validate` command, whole process (median of {ProcessRepetitions})", Stats.Ms(m.Validate), $"{Stats.Ms(m.ValidateSmall)} (3 checks)"),
            new("`serve`: start to \"Scheduled … for N checks\" logged (median)", Stats.Ms(Median(m.Serve, s => s.ScheduledMs)), $"{Stats.Ms(Median(m.ServeSmall, s => s.ScheduledMs))} (3 checks)"),
            new("`serve`: start to /readyz 200 (median)", Stats.Ms(Median(m.Serve, s => s.ReadyMs)), $"{Stats.Ms(Median(m.ServeSmall, s => s.ReadyMs))} (3 checks)"),
            new("`serve`: resident memory once ready (VmRSS, median)", Stats.MiB(resident), $"{Stats.MiB(residentSmall)} (3 checks)", "< 200 MB", resident < 200L * 1024 * 1024),
            new("`serve --run-at-start`: resident memory after the run of every check was recorded (VmRSS, one start)", Stats.MiB(m.AfterRun.Memory.Resident), $"{Stats.MiB(m.AfterRunSmall.Memory.Resident)} (3 checks)", "< 200 MB", m.AfterRun.Memory.Resident < 200L * 1024 * 1024),
            new("`serve --run-at-start`: peak resident memory during start and run (VmHWM)", Stats.MiB(m.AfterRun.Memory.Peak), $"{Stats.MiB(m.AfterRunSmall.Memory.Peak)} (3 checks)"),
            new("`serve`: peak resident memory (VmHWM, median)", Stats.MiB((long)Median(m.Serve, s => s.Memory.Peak)), $"{Stats.MiB((long)Median(m.ServeSmall, s => s.Memory.Peak))} (3 checks)"),
            new("one run on the demo warehouse", Stats.Ms(m.Run.Milliseconds), $"{Stats.Ms(m.RunSmall.Milliseconds)} (3 checks, one scan per table; median of {BaselineRuns})"),
            new("statements per run", Stats.Count(m.Run.Log.Sum(l => l.Statements)), Stats.Count(m.RunSmall.Log.Sum(l => l.Statements))),
        ];
        return new ItemResult(3, "Scale: 10,000 checks",
            $"Stopwatch harness: ConfigLoader in-process ({LoadRepetitions + 1} loads), the `validate` and `serve` commands as child processes ({ProcessRepetitions} each, alternating with the baseline), the engine in-process on an open source (one run: it takes tens of seconds). "
                + "Start-up and resident memory are whole-process measures, which BenchmarkDotNet does not take.",
            "the same measures for the smallest useful configuration (3 checks, one null rate per demo table); for ConfigLoader, a bare JsonDocument.Parse of the same 10,000-check file.", rows, Notes(m, resident, residentSmall));
    }

    private static List<string> Notes(Measures m, long resident, long residentSmall)
    {
        var large = m.Serve[0];
        var small = m.ServeSmall[0];
        var notes = new List<string>
        {
            $"{Checks:N0} checks generated with a fixed seed over the demo's three tables (50,000 customers, about 290,000 orders, 1.2 M events): a third each freshness, volume and null rate; "
                + "filters drawn from 15 to 18 per table (country, status, amount, event type, customer_id modulo 10), windows of 1h to 30d trailing or complete, null rates on two columns per table, owners, tags and descriptions; all on one far-future schedule.",
            "**Where `validate`'s time goes** (ConfigLoader's phases timed one by one, warm; time, then bytes allocated): " + string.Join("; ", m.Breakdown.Select(b => $"{b.Phase} {Stats.Ms(b.Milliseconds)}, {Stats.MiB(b.Allocated)}")) + ". "
                + $"Loading allocates {Stats.MiB(m.LoadAllocated)} in all for a {Stats.MiB(m.ConfigBytes)} result. Before issue 17 it allocated 202.5 MB and took 1,191 ms on a first call (834 ms warm): "
                + "the structural validator read each property's [Description] by reflection for every field of every check (535 ms, 102.6 MB), and the preprocessor rewrote the whole document token by token and decoded every string (408 ms, 59.6 MB). "
                + "Now reflection is read once per type, a plain JSON file is used as it is (only strings holding ${ENV} are replaced; comments or trailing commas, errors anyway, take the old rewriting pass), strings without an escape or ${ are not decoded, and paths are built without a regex. "
                + "Since then a valid file maps no line and column at all: a quick pass checks that the file is plain JSON (no comment, trailing comma, field written twice, lone surrogate or unset variable) and expands ${ENV}, and the full pass that maps every path to its position runs only when a problem must be located (the last phase above, which a valid file no longer pays); the structural validator builds a path only for a problem and looks fields up by their bytes. What remains is mostly the JSON binder and the kinds' and sources' own rules. The first call in a process also pays for JIT compilation and the first use of the serializer metadata "
                + $"({Stats.Ms(m.Load.First - m.Load.Median)} more than a warm call here); the `validate` command pays that plus the runtime's start-up and the Slack templates' trial rendering.",
            $"**Where `serve`'s memory goes** (first start of each, read from /proc and by walking the managed heap with ClrMD): with {Checks:N0} checks, {Stats.MiB(large.Memory.Anonymous)} anonymous (heaps) + {Stats.MiB(large.Memory.FileBacked)} file-backed (runtime, assemblies) resident, "
                + $"against {Stats.MiB(small.Memory.Anonymous)} + {Stats.MiB(small.Memory.FileBacked)} with 3 checks. " + HeapNote(large.Heap, small.Heap)
                + $" The GC sizes its youngest generation from the CPU's last-level cache, and this VM reports {CacheSize()} of L3, so garbage piles up for long between collections (before issue 17: 235.6 MB resident once ready, 93.3 MB of heap committed for 9.8 MB reachable). "
                + "`serve` now gives it back: after start-up, a reload or a fire that allocated 32 MB or more since the last time, it runs one blocking, compacting collection in GCCollectionMode.Aggressive, which returns the free heap to the system (HeapTrim); a small configuration never allocates that much, so never pays the pause. "
                + $"After a run of all {Checks:N0} checks (`serve --run-at-start`, memory read 1 s after the log line \"{Checks} checks ran\"): {Stats.MiB(m.AfterRun.Memory.Anonymous)} anonymous + {Stats.MiB(m.AfterRun.Memory.FileBacked)} file-backed + {Stats.MiB(m.AfterRun.Memory.Resident - m.AfterRun.Memory.Anonymous - m.AfterRun.Memory.FileBacked)} shared (the JIT's code, mapped twice for W^X), "
                + $"against {Stats.MiB(large.Memory.Anonymous)} anonymous once ready. Read by mapping with `--profile serve` on this machine: after the run the managed heap had about 42 MB committed for 10 MB reachable (24 MB for 10 MB once ready), "
                + "so about 30 MB of the growth is native: DuckDB keeps the blocks of the tables it scanned in its buffer pool and its allocator keeps freed memory up to its allocator_flush_threshold (128 MB by default), and SQLite keeps its page cache. "
                + "Since then: the monitor's DuckDB connections set allocator_flush_threshold to " + global::CustomerData.Checks.Sources.DuckDb.DuckDbSandbox.AllocatorFlushThreshold + " (about 10 MB less after the run, measured with `--profile serve`), the fire's trim runs once its 10,000 results are unreachable (it ran while the fire still held them), "
                + "the executable runs without the instrumented JIT tier (TieredPGO false: a few MB less code), the outbox pump trims the heap after delivering a large run's messages (213 to 205 MB with `--profile serve`), "
                + "and after each fire `serve` closes the DuckDB source's database file, whose buffer pool held the blocks the run scanned (205 to 186 MB with `--profile serve`); the next fire reopens it.",
            "Per table in the run: " + string.Join("; ", m.Run.Log.GroupBy(l => l.Table).Select(g => $"{g.Key}: {g.Sum(l => l.Aggregates):N0} distinct aggregates in {g.Sum(l => l.Statements)} statements, {Stats.Ms(g.Sum(l => l.Milliseconds))}")) + ". "
                + $"The engine folds the {Checks:N0} checks into {m.Run.Log.Sum(l => l.Aggregates):N0} distinct aggregates and cuts a table's SELECT every 400; each statement is one scan of its table with one `count_if(…)` per aggregate. "
                + $"{m.Run.Unknown} checks were UNKNOWN because of the data, not of the engine (windows with fewer rows than their min_rows, such as {string.Join(" and ", m.Run.UnknownReasons)}).",
            $"**Where the run's time goes:** DuckDB evaluates each FILTER clause as its own pass over every row, so a statement costs about rows × aggregates. What-if on the first {SlowestTable} statement ({m.WhatIf.Aggregates} aggregates), run once each on its own connection: "
                + $"as generated {Stats.Ms(m.WhatIf.GeneratedMs)}; with `CAST(count_if(p) AS BIGINT)` and `max(CASE WHEN p THEN c END)` instead of the FILTER clauses {Stats.Ms(m.WhatIf.RewrittenMs)} "
                + $"({Stats.Ratio(m.WhatIf.GeneratedMs / m.WhatIf.RewrittenMs)} faster), {(m.WhatIf.SameValues ? "with the same values" : "but with DIFFERENT values")}. That is a change to DuckDbDialect.Count and NewestEpochMicros (product code, not made here).",
            "`serve` is the real executable (`dotnet CustomerData.Monitors.dll serve --config … --data-dir … --health-port …`) started as a child process on a fresh data directory, with every check on a schedule "
                + $"far in the future (`{ScaleConfiguration.FarFuture}`); the clock starts at Process.Start, memory is read from /proc/PID/status one second after /readyz answers, and the process is stopped with SIGTERM.",
        };
        return notes;
    }

    private static string CacheSize() =>
        File.Exists("/sys/devices/system/cpu/cpu0/cache/index3/size") ? File.ReadAllText("/sys/devices/system/cpu/cpu0/cache/index3/size").Trim() : "an unknown size";

    private static string HeapNote(ProcessHeap? large, ProcessHeap? small) =>
        large is null || small is null
            ? "The managed heap could not be read."
            : $"The managed heap has {Stats.MiB(large.Committed)} committed, {Stats.MiB(large.Objects)} of objects of which {Stats.MiB(large.Reachable)} reachable "
                + $"(3 checks: {Stats.MiB(small.Committed)} committed, {Stats.MiB(small.Reachable)} reachable): the rest of the committed heap is garbage from start-up that the GC has not returned to the system. "
                + "Largest reachable types: " + string.Join(", ", large.TopTypes.Select(t => $"{t.Type} {Stats.MiB(t.Bytes)} ({Stats.Count(t.Count)})")) + ".";

    private sealed record RunMeasure(double Milliseconds, DateTimeOffset AsOf, IReadOnlyList<MeasurementLog> Log, int Unknown, IReadOnlyList<string> UnknownReasons);

    private sealed record Measures(
        (double First, double Median) Load, double Parse, long ConfigBytes, long LoadAllocated, IReadOnlyList<(string Phase, double Milliseconds, long Allocated)> Breakdown,
        double Validate, double ValidateSmall, List<ServeStart> Serve, List<ServeStart> ServeSmall, ServeStart AfterRun, ServeStart AfterRunSmall, RunMeasure Run, RunMeasure RunSmall,
        (int Aggregates, double GeneratedMs, double RewrittenMs, bool SameValues) WhatIf);
}
