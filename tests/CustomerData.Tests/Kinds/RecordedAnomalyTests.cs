using System.Globalization;
using CustomerData.Alerts.Publishing;
using CustomerData.Checks;
using CustomerData.Checks.Anomaly;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Kinds;
using CustomerData.Checks.Sources;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

/// <summary>
/// "anomaly" on checks without a per-bucket warehouse series: the range is learned from the check's own recorded runs,
/// one bucket per scheduled run, with the history accumulated by real runs on DuckDB into the real SQLite store.
/// </summary>
[TestClass]
public sealed class RecordedAnomalyTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);

    // Day d's orders are created from Base + d days, one a minute; the last dup(d) rows repeat the first order ids:
    // 0.1% to 0.3% duplicates, and 8% (a retried batch) on day 17.
    private static readonly string[] Orders =
    [
        """
        CREATE TABLE orders AS
        SELECT TIMESTAMP '2026-11-01 06:00:00' + INTERVAL (d) DAY + to_minutes(x) AS created_at,
               d * 100000 + CASE WHEN x >= n - dup THEN x - (n - dup) ELSE x END AS order_id
        FROM (SELECT d, 1000 + (d * 37) % 200 AS n, CASE WHEN d = 17 THEN 80 ELSE 1 + d % 3 END AS dup
              FROM range(18) t(d)) days, LATERAL (SELECT unnest(range(n)) AS x)
        """,
    ];

    [TestMethod]
    public async Task AJumpInTheDuplicateShare_IsCritical_AgainstTheRangeLearnedFromTheRecordedRuns()
    {
        const string checks = """
            [ { "name": "orders_unique", "type": "uniqueness", "source": "mem", "table": "orders", "columns": ["order_id"],
                "time_column": "created_at", "window": "1d", "schedule": "0 0 6 * * ?", "anomaly": {} } ]
            """;
        var config = Configs.InMemory(Orders, checks);
        await using var history = await TemporaryStore.OpenAsync();
        var time = new FakeTimeProvider(Base);
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));

        // Seventeen daily runs at 06:00, and a manual run at 10:00 on day 5: it sits in day 5's slot and, being the
        // later run of that slot, replaces the 06:00 run's value in the training.
        var runs = Enumerable.Range(1, 17).Select(k => Base.AddDays(k)).Append(Base.AddDays(5).AddHours(4)).Order().ToList();
        var results = new List<CheckResult>();
        foreach (var at in runs)
        {
            results.Add(await RunAsync(config, sources, time, history.Store, at));
        }

        var first = await TruthAsync(Base.AddDays(1));
        Assert.AreEqual(CheckStatus.Ok, results[0].Status, results[0].Message);
        Assert.AreEqual(
            $"order_id repeats: {first.Duplicates} duplicate rows ({first.Rows - first.Duplicates:#,0} distinct keys in {first.Rows:#,0} rows with a complete key) = {ThresholdText.Ratio(first.Share)} in 2026-11-01 06:00 to 2026-11-02 06:00 (UTC), learning: 0 of 7 runs recorded, over 0s of the 14d needed (one run every 1d); within the learned range ▁",
            results[0].Message);
        Assert.IsNull(results[0].ExpectedLow);

        // The training, computed here: each scheduled slot's share, day 5's from the 10:00 run's trailing window.
        var training = new List<BucketValue>();
        foreach (var k in Enumerable.Range(1, 17))
        {
            var slot = Base.AddDays(k);
            training.Add(new BucketValue(slot, (await TruthAsync(k == 5 ? slot.AddHours(4) : slot)).Share));
        }

        Assert.AreNotEqual((await TruthAsync(Base.AddDays(5))).Share, training[4].Value, "the 10:00 run measured another window");
        var planted = Base.AddDays(18);
        var truth = await TruthAsync(planted);
        Assert.AreEqual(80, truth.Duplicates);
        var series = new BucketSeries(TimeSpan.FromDays(1), training);
        var expectation = AnomalyDetector.Expect(series, planted, new AnomalySettings { ValueKind = AnomalyValueKind.Share });
        var band = expectation.Band ?? throw new AssertFailedException(expectation.Note ?? "no band");
        Assert.IsGreaterThan(band.Critical.High, truth.Share, "8% duplicates is beyond the critical band");

        var result = await RunAsync(config, sources, time, history.Store, planted);

        Assert.AreEqual(CheckStatus.Critical, result.Status, result.Message);
        Assert.AreEqual(truth.Share, result.Value!.Value, 1e-12);
        Assert.AreEqual(Math.Max(0, band.Warning.Low), result.ExpectedLow!.Value, 1e-12);
        Assert.AreEqual(band.Warning.High, result.ExpectedHigh!.Value, 1e-12);
        Assert.AreEqual(
            $"order_id repeats: 80 duplicate rows ({truth.Rows - 80:#,0} distinct keys in {truth.Rows:#,0} rows with a complete key) = {ThresholdText.Ratio(truth.Share)} in 2026-11-18 06:00 to 2026-11-19 06:00 (UTC), expected {ThresholdText.Ratio(Math.Max(0, band.Warning.Low))}–{ThresholdText.Ratio(band.Warning.High)}{SlotText(expectation, planted)}; within the learned range {LearnedCount.Sparkline(series, truth.Share)}",
            result.Message);
    }

    [TestMethod]
    public async Task AFreshnessLagOfSixHoursWhereFiveMinutesIsUsual_IsCritical_AndUntrainedRunsAreUnknownYetRecorded()
    {
        const string checks = """
            [ { "name": "events_fresh", "type": "freshness", "source": "mem", "table": "events", "column": "updated_at",
                "schedule": "0 0 * * * ?", "anomaly": { "min_training": "1d", "direction": "up", "when_untrained": "unknown" } } ]
            """;
        await using var history = await TemporaryStore.OpenAsync();
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var training = new List<BucketValue>();
        CheckResult? firstResult = null;
        for (var i = 0; i < 30; i++)
        {
            var at = start.AddHours(i);
            var lag = 300 + (i * 37 % 61);
            var result = await FreshnessRunAsync(checks, history.Store, at, lag);
            firstResult ??= result;
            Assert.AreEqual(lag, result.Value!.Value, 1e-9, "untrained runs keep their value, so they are recorded");
            Assert.AreEqual(i < 24 ? CheckStatus.Unknown : CheckStatus.Ok, result.Status, result.Message);
            training.Add(new BucketValue(at, lag));
        }

        Assert.AreEqual(
            "newest updated_at is 5m old (2026-11-01 23:55:00 +00:00), learning: 0 of 12 runs recorded, over 0s of the 1d needed (one run every 1h); within the learned range ▁",
            firstResult!.Message);

        var planted = start.AddHours(30);
        var settings = new AnomalySettings { ValueKind = AnomalyValueKind.Number, MinTraining = TimeSpan.FromDays(1), Direction = AnomalyDirection.Up };
        var series = new BucketSeries(TimeSpan.FromHours(1), training);
        var expectation = AnomalyDetector.Expect(series, planted, settings);
        var band = expectation.Band ?? throw new AssertFailedException(expectation.Note ?? "no band");
        Assert.IsGreaterThan(band.Critical.High, 6 * 3600.0);

        var late = await FreshnessRunAsync(checks, history.Store, planted, 6 * 3600);

        Assert.AreEqual(CheckStatus.Critical, late.Status, late.Message);
        Assert.AreEqual(band.Warning.Low, late.ExpectedLow!.Value, 1e-9);
        Assert.AreEqual(band.Warning.High, late.ExpectedHigh!.Value, 1e-9);
        Assert.AreEqual(
            $"newest updated_at is 6h old (2026-11-03 00:00:00 +00:00), expected {Lag(band.Warning.Low)}–{Lag(band.Warning.High)}{SlotText(expectation, planted)}; within the learned range {LearnedCount.Sparkline(series, 6 * 3600)}",
            late.Message);
    }

    [TestMethod]
    public async Task ASqlCheckWithNamedColumns_LearnsItsValueTheFirstColumn_FromResultsInTheStore()
    {
        const string checks = """
            [ { "name": "refunds", "type": "sql", "source": "mem", "table": "orders", "schedule": "0 0 6 * * ?",
                "query": "SELECT 0.42 AS refund_ratio, 52.1 AS avg_amount",
                "columns": { "refund_ratio": {}, "avg_amount": { "warn": { "min": 10 } } }, "anomaly": { "direction": "up" } } ]
            """;
        var config = Configs.InMemory(["CREATE TABLE orders (id INTEGER)"], checks);
        await using var history = await TemporaryStore.OpenAsync();
        var training = Enumerable.Range(1, 20).Select(k => new BucketValue(Base.AddDays(k), 0.1 + (k % 4 * 0.005))).ToList();
        await history.Store.AppendAsync(
            [.. training.Select(b => new HistoryRecord("refunds", "sql", "mem", "orders", CheckStatus.Ok, b.Value, "x", "y", "z", 1, null, null, null, null, b.Start.AddSeconds(3)))],
            CancellationToken.None);
        var time = new FakeTimeProvider(Base.AddDays(21));
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
        var series = new BucketSeries(TimeSpan.FromDays(1), training);
        var expectation = AnomalyDetector.Expect(series, Base.AddDays(21), new AnomalySettings { ValueKind = AnomalyValueKind.Number, Direction = AnomalyDirection.Up });
        var band = expectation.Band ?? throw new AssertFailedException(expectation.Note ?? "no band");

        var result = await RunAsync(config, sources, time, history.Store, Base.AddDays(21));

        Assert.AreEqual(CheckStatus.Critical, result.Status, result.Message);
        Assert.AreEqual(0.42, result.Value!.Value, 1e-12);
        Assert.AreEqual(band.Warning.Low, result.ExpectedLow!.Value, 1e-12);
        Assert.AreEqual(
            $"refund_ratio 0.42 is CRITICAL (expected {ThresholdText.Number(band.Warning.Low)}–{ThresholdText.Number(band.Warning.High)}{SlotText(expectation, Base.AddDays(21))}; within the learned range {LearnedCount.Sparkline(series, 0.42)}); avg_amount 52.1 is OK (warning below 10)",
            result.Message);
    }

    [TestMethod]
    public async Task AHistoryThatCannotBeRead_MakesEveryKindLearningFromItsRunsUnknown()
    {
        const string checks = """
            [ { "name": "a_fresh", "type": "freshness", "source": "mem", "table": "orders", "column": "created_at", "anomaly": {} },
              { "name": "b_unique", "type": "uniqueness", "source": "mem", "table": "orders", "columns": ["order_id"], "anomaly": {} },
              { "name": "c_valid", "type": "validity", "source": "mem", "table": "orders", "column": "order_id", "range": { "min": 0 }, "anomaly": {} },
              { "name": "d_sql", "type": "sql", "source": "mem", "table": "orders", "query": "SELECT count(*) AS n FROM orders", "anomaly": {} },
              { "name": "e_volume", "type": "volume", "source": "mem", "table": "orders", "anomaly": {} },
              { "name": "f_nulls", "type": "null_rate", "source": "mem", "table": "orders", "column": "order_id", "anomaly": {} },
              { "name": "g_static", "type": "volume", "source": "mem", "table": "orders", "critical": { "min": 1 } } ]
            """;
        var config = Configs.InMemory(Orders, checks);
        await using var history = await TemporaryStore.OpenAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(history.Path, new string('x', 8192));
        var time = new FakeTimeProvider(Base.AddDays(20));
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));

        var results = await new CheckEngine(Catalog.Default, sources, time, new StoredHistory(history.Store)).RunAsync(config, config.Checks, CancellationToken.None);

        foreach (var result in results.Take(6))
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status, result.Check.Name);
            Assert.StartsWith("cannot read its history: ", result.Message, result.Check.Name);
            StringAssert.Contains(result.Message, "file is not a database", result.Check.Name);
        }

        Assert.AreEqual(CheckStatus.Ok, results[6].Status, "a check that reads no history is measured");
    }

    private static async Task<CheckResult> FreshnessRunAsync(string checks, IHistoryStore store, DateTimeOffset at, int lagSeconds)
    {
        var newest = (at - TimeSpan.FromSeconds(lagSeconds)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var config = Configs.InMemory([$"CREATE TABLE events AS SELECT TIMESTAMP '{newest}' - INTERVAL (x) MINUTE AS updated_at FROM range(5) t(x)"], checks);
        var time = new FakeTimeProvider(at);
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
        return await RunAsync(config, sources, time, store, at);
    }

    // One run as serve makes it: measured at the scheduled instant, then recorded before the next run.
    private static async Task<CheckResult> RunAsync(MonitorConfig config, DataSources sources, FakeTimeProvider time, IHistoryStore store, DateTimeOffset at)
    {
        time.SetUtcNow(at);
        var results = await new CheckEngine(Catalog.Default, sources, time, new StoredHistory(store)).RunAsync(config, config.Checks, CancellationToken.None);
        await new HistoryPublisher(store).PublishAsync(new RunOutcome(config, results, at), CancellationToken.None);
        return results[0];
    }

    // The trailing day before `end`: duplicates, rows and their share, counted here with GROUP BY.
    private static async Task<(long Duplicates, long Rows, double Share)> TruthAsync(DateTimeOffset end)
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        var to = end.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        command.CommandText = Orders[0] + $";\nSELECT CAST(coalesce(sum(n - 1), 0) AS BIGINT), CAST(coalesce(sum(n), 0) AS BIGINT) FROM (SELECT order_id, count(*) AS n FROM orders WHERE created_at >= TIMESTAMP '{to}' - INTERVAL 1 DAY AND created_at < TIMESTAMP '{to}' GROUP BY order_id)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (duplicates, rows) = (reader.GetInt64(0), reader.GetInt64(1));
        return (duplicates, rows, (double)duplicates / rows);
    }

    private static string SlotText(AnomalyExpectation expectation, DateTimeOffset slot) => expectation.Seasonality switch
    {
        AnomalySeasonality.DayOfWeek => $" for a {slot.DayOfWeek}",
        AnomalySeasonality.HourOfDay => string.Create(CultureInfo.InvariantCulture, $" for {slot:HH:mm}"),
        AnomalySeasonality.HourOfWeek => string.Create(CultureInfo.InvariantCulture, $" for a {slot.DayOfWeek} {slot:HH:mm}"),
        _ => string.Empty,
    };

    private static string Lag(double seconds) => seconds < 1 ? "0s" : Duration.Format(TimeSpan.FromSeconds(Math.Round(seconds)));

    private sealed class TemporaryStore : IAsyncDisposable
    {
        private readonly DirectoryInfo _directory;

        private TemporaryStore(DirectoryInfo directory, SqliteHistoryStore store)
        {
            _directory = directory;
            Store = store;
        }

        public SqliteHistoryStore Store { get; }

        public string Path => System.IO.Path.Combine(_directory.FullName, "state.db");

        public static async Task<TemporaryStore> OpenAsync()
        {
            var directory = Directory.CreateTempSubdirectory("customerdata-recorded-anomaly-");
            return new TemporaryStore(directory, await SqliteHistoryStore.OpenAsync(System.IO.Path.Combine(directory.FullName, "state.db"), CancellationToken.None));
        }

        public ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _directory.Delete(true);
            return ValueTask.CompletedTask;
        }
    }
}
