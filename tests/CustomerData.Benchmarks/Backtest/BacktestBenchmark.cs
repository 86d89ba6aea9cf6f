using System.Diagnostics;
using System.Globalization;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Scale;
using CustomerData.Benchmarks.Support;
using CustomerData.Checks.Anomaly;
using DuckDB.NET.Data;

namespace CustomerData.Benchmarks.Backtest;

/// <summary>
/// Item 9: `backtest` of a learned hourly volume over a year of a 1,000,000-row table, the real executable (one grouped
/// read, the buckets judged in parallel, each day's seasonality chosen once), beside judging the same series one bucket
/// at a time with the seasonality chosen for every bucket (how backtest judged before).
/// </summary>
internal sealed class BacktestBenchmark : IBenchmarkItem
{
    private const int Repetitions = 3;

    private static readonly DateTimeOffset End = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset From = End.AddDays(-365);

    public int Number => 9;

    public string Title => "Backtest: a year of hourly buckets";

    public async Task<ItemResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        using var directory = new TemporaryDirectory("customerdata-bench-backtest-");
        var warehouse = directory.File("orders.duckdb");
        var rows = await CreateAsync(warehouse, cancellationToken).ConfigureAwait(false);
        context.Say($"created shop.orders: {Stats.Count(rows)} rows over {(End - From.AddDays(-29)).TotalDays:0} days");
        var config = directory.File("checks.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "sources": { "shop": { "type": "duckdb", "path": "{{warehouse}}" } },
              "checks": [ { "name": "orders_hourly", "type": "volume", "source": "shop", "table": "shop.orders", "time_column": "created_at",
                            "window": "1h", "window_alignment": "complete", "anomaly": {} } ]
            }
            """, cancellationToken).ConfigureAwait(false);

        context.Say($"`backtest` {Repetitions} times over {From:yyyy-MM-dd} to {End:yyyy-MM-dd}");
        var times = new List<double>();
        string summary = string.Empty;
        for (var i = 0; i < Repetitions; i++)
        {
            var (exitCode, milliseconds, output) = await MonitorProcess.RunAsync(
                Repository.MonitorsDll,
                ["backtest", "--config", config, "--check", "orders_hourly", "--from", Iso(From), "--to", Iso(End), "--format", "json"],
                new Dictionary<string, string>(),
                TimeSpan.FromMinutes(10)).ConfigureAwait(false);
            if (exitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"backtest exited {exitCode}:\n{output[..Math.Min(output.Length, 2000)]}");
            }

            times.Add(milliseconds);
            summary = output.Split('\n').Last(l => l.Contains("\"buckets\"", StringComparison.Ordinal)).Trim();
        }

        context.Say("the baseline: the same series judged one bucket at a time, the seasonality chosen for each");
        var (baselineMs, buckets, flagged) = await BaselineAsync(warehouse, cancellationToken).ConfigureAwait(false);
        var project = Stats.Median(times);
        return new ItemResult(
            Number,
            Title,
            $"Stopwatch harness: the `backtest` command as a child process ({Repetitions} runs, median; runtime start-up, the grouped read and writing one JSON line per bucket included), the baseline in-process once (it takes tens of seconds).",
            "The same year judged by the same model one bucket at a time, with `auto` seasonality chosen anew for every bucket, as backtest judged before issue 13's last round; the series read with the same grouped query, not timed.",
            [
                new Measurement($"a year of hourly buckets ({Stats.Count(buckets)}) on a {Stats.Count(rows)}-row table, whole process (median of {Repetitions})", Stats.Seconds(project), Stats.Seconds(baselineMs) + " (judging alone)", "seconds (< 10 s)", project < 10_000),
                new Measurement("buckets flagged (the same verdicts either way)", summary, $"{Stats.Count(flagged)} flagged of {Stats.Count(buckets)}"),
            ],
            [
                $"Runs: {string.Join(", ", times.Select(Stats.Seconds))}. The machine has {Environment.ProcessorCount} cores; the buckets are judged in parallel on all of them.",
                "Every bucket trains on the 28 days before it (672 hourly buckets): the model's cost is per bucket, so a year costs 12 times a month.",
            ]);
    }

    private static async Task<(double Milliseconds, int Buckets, int Flagged)> BaselineAsync(string warehouse, CancellationToken cancellationToken)
    {
        await using var connection = await DuckDbQuery.OpenAsync(warehouse, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT date_trunc('hour', created_at) AS h, count(*) FROM shop.orders GROUP BY h ORDER BY h";
        var points = new List<BucketValue>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                points.Add(new BucketValue(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture)));
            }
        }

        var series = new BucketSeries(TimeSpan.FromHours(1), points);
        var values = points.ToDictionary(p => p.Start, p => p.Value);
        var clock = Stopwatch.StartNew();
        var (buckets, flagged) = (0, 0);
        for (var start = From; start < End; start = start.AddHours(1))
        {
            var judgement = AnomalyDetector.Judge(series, start, values.GetValueOrDefault(start), AnomalySettings.Default);
            (buckets, flagged) = (buckets + 1, flagged + (judgement.Flagged ? 1 : 0));
        }

        return (clock.Elapsed.TotalMilliseconds, buckets, flagged);
    }

    // Hourly orders for a year and the 29 days before it: 180 an hour from 08:00 to 19:59 and 60 at night, 60% of that
    // at weekends, ±10% from a hash of the hour, and a planted drop to 30% on 2026-06-10 from 10:00 to 16:00; each row
    // at its own second of the hour.
    private static async Task<long> CreateAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SET TimeZone = 'UTC';
            CREATE SCHEMA shop;
            CREATE TABLE shop.orders AS
            WITH hours AS (SELECT h FROM generate_series({SyntheticTable.Literal(From.AddDays(-29))}, {SyntheticTable.Literal(End.AddHours(-1))}, INTERVAL 1 HOUR) t(h)),
            counts AS (
              SELECT h, CAST((CASE WHEN hour(h) BETWEEN 8 AND 19 THEN 180 ELSE 60 END)
                             * (CASE WHEN h >= TIMESTAMP '2026-06-10 10:00:00' AND h < TIMESTAMP '2026-06-10 16:00:00' THEN 0.3 ELSE 1 END)
                             * (CASE WHEN dayofweek(h) IN (0, 6) THEN 0.6 ELSE 1 END)
                             * (0.9 + CAST(hash(h) % 21 AS DOUBLE) / 100) AS INTEGER) AS n
              FROM hours)
            SELECT h + to_seconds(CAST((x * 3599) // n AS BIGINT)) AS created_at FROM (SELECT h, n, unnest(range(n)) AS x FROM counts);
            CHECKPOINT;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "SELECT count(*) FROM shop.orders";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
