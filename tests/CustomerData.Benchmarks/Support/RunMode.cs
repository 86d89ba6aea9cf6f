using System.Diagnostics;
using CustomerData.Benchmarks.Report;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;

namespace CustomerData.Benchmarks.Support;

/// <summary>What one way of running checks cost: the reads of its last run, its results, and its median wall time.</summary>
internal sealed record RunMode(IReadOnlyList<MeasurementLog> Log, IReadOnlyList<CheckResult> Results, double MedianMs)
{
    public int Queries => Log.Sum(m => m.Statements);

    /// <summary>Statements that read rows.</summary>
    public int Scans => Log.Count(m => m.RowsScanned > 0);

    public long Rows => Log.Sum(m => m.RowsScanned ?? 0);

    public int MostScansOfOneTable => Log.GroupBy(m => m.Table, StringComparer.Ordinal).Max(g => g.Count(m => m.RowsScanned > 0));

    /// <summary>This mode, or an error naming the first UNKNOWN check: a benchmark of failed reads measures nothing.</summary>
    public RunMode Known() =>
        Results.FirstOrDefault(r => r.Status == CheckStatus.Unknown) is { } unknown
            ? throw new InvalidOperationException($"{unknown.Check.Name} is UNKNOWN: {unknown.Message}")
            : this;

    /// <summary>Runs <paramref name="run"/> <paramref name="runs"/> times, counting the reads of each afresh.</summary>
    public static async Task<RunMode> MeasureAsync(CountingDataSource counter, int runs, Func<Task<IReadOnlyList<CheckResult>>> run)
    {
        var times = new List<double>();
        IReadOnlyList<CheckResult> results = [];
        IReadOnlyList<MeasurementLog> log = [];
        for (var i = 0; i < runs; i++)
        {
            counter.Reset();
            var started = Stopwatch.GetTimestamp();
            results = await run().ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            log = counter.Log;
        }

        return new RunMode(log, results, Stats.Median(times));
    }

    /// <summary>The baseline: the engine run once per check, so every check makes its own reads.</summary>
    public static async Task<IReadOnlyList<CheckResult>> OneByOneAsync(CheckEngine engine, MonitorConfig config, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in config.Checks)
        {
            results.AddRange(await engine.RunAsync(config, [check], cancellationToken, asOf).ConfigureAwait(false));
        }

        return results;
    }
}
