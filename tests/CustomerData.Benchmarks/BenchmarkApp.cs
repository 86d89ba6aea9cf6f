using System.Diagnostics;
using CustomerData.Benchmarks.AlertPath;
using CustomerData.Benchmarks.AnomalyDetection;
using CustomerData.Benchmarks.CheckKinds;
using CustomerData.Benchmarks.DogStatsd;
using CustomerData.Benchmarks.EngineOverhead;
using CustomerData.Benchmarks.QueryEconomy;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Scale;
using CustomerData.Benchmarks.Support;

namespace CustomerData.Benchmarks;

/// <summary>Runs the benchmark items in turn and writes BENCHMARKS.md; an item that fails is reported as failed, and the others still run.</summary>
internal static class BenchmarkApp
{
    public const string Command = "dotnet run -c Release --project tests/CustomerData.Benchmarks";

    /// <summary>
    /// Options: --items 1,3 (a subset, merged into an existing output file by ReportMerge), --out FILE (instead of
    /// BENCHMARKS.md at the repository root), --profile loader or serve (item 3's loader or serve memory measures alone,
    /// printed), --profile anomaly [--seed N] [--series NAME] (item 6's false alarms and missed windows, printed),
    /// --profile report-page [--dir D] (item 8's store kept in D between runs; the page's load timings, printed).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Option(args, "--profile") == "loader")
        {
            LoaderProfile.Run(Console.Out);
            return 0;
        }

        if (Option(args, "--profile") == "serve")
        {
            await ServeProfile.RunAsync(Console.Out, TimeProvider.System).ConfigureAwait(false);
            return 0;
        }

        if (Option(args, "--profile") == "anomaly")
        {
            AnomalyProfile.Run(Console.Out, int.Parse(Option(args, "--seed") ?? "1", System.Globalization.CultureInfo.InvariantCulture), Option(args, "--series"));
            return 0;
        }

        if (Option(args, "--profile") == "report-page")
        {
            await ReportPage.ReportPageProfile.RunAsync(Console.Out, Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "customerdata-report-page"), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            return 0;
        }

        var selected = Option(args, "--items")?.Split(',').Select(int.Parse).ToHashSet();
        var output = Option(args, "--out") ?? Path.Combine(Repository.Root, "BENCHMARKS.md");
        var time = TimeProvider.System;
        var context = new BenchmarkContext(Console.Error, time);
        IBenchmarkItem[] items = [new QueryEconomyBenchmark(), new EngineOverheadBenchmark(), new ScaleBenchmark(), new DogStatsdBenchmark(), new AlertPathBenchmark(), new AnomalyDetectionBenchmark(), new CheckKindsBenchmark(), new ReportPage.ReportPageBenchmark(), new Backtest.BacktestBenchmark()];

        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var loadAtStart = MachineInfo.LoadAverage();
        var machine = await MachineInfo.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        var results = new List<ItemResult>();
        foreach (var item in items.Where(i => selected is null || selected.Contains(i.Number)))
        {
            Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {item.Number}. {item.Title}");
            var itemClock = Stopwatch.StartNew();
            ItemResult result;
            try
            {
                result = await item.RunAsync(context, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"  failed: {error}");
                result = ItemResult.Failed(item.Number, item.Title, error);
            }

            results.Add(result with { Elapsed = itemClock.Elapsed });
            foreach (var row in result.Rows)
            {
                var verdict = row.Met switch { true => " (target met)", false => " (TARGET MISSED)", null => string.Empty };
                Console.Error.WriteLine($"  {row.Metric}: {row.Project}; baseline {row.Baseline}{verdict}");
            }
        }

        var run = new BenchmarkRun(Command, started, machine, loadAtStart, MachineInfo.LoadAverage(), clock.Elapsed, results, Alone: selected is not null);
        var text = ReportWriter.Write(run);
        if (selected is not null && File.Exists(output))
        {
            // A partial run replaces its own items in the file and keeps the others' last numbers.
            text = ReportMerge.Merge(await File.ReadAllTextAsync(output).ConfigureAwait(false), text, selected);
        }

        await File.WriteAllTextAsync(output, text).ConfigureAwait(false);
        Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] wrote {output}");
        return results.All(r => r.Rows.Count > 0) ? 0 : 1;
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
