using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Anomaly;

/// <summary>
/// A volume check with "anomaly": the first run trains from the warehouse with one grouped statement, later runs read
/// only the newest buckets inside the table's one statement, and a drop that static bounds pass is CRITICAL.
/// </summary>
[TestClass]
public sealed class LearnedVolumeTests
{
    // Hourly orders for five weeks: 200 + (0..6) an hour from 09:00 to 18:59 on weekdays, 100 + (0..6) on Sundays,
    // 40 + (0..6) at night; Monday 2026-11-30 10:00 has only 20 (the planted drop).
    internal static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        """
        CREATE TABLE shop.orders AS
        WITH hours AS (SELECT h FROM generate_series(TIMESTAMP '2026-10-26 00:00:00', TIMESTAMP '2026-11-30 11:00:00', INTERVAL 1 HOUR) t(h)),
        counts AS (
          SELECT h, CASE WHEN h = TIMESTAMP '2026-11-30 10:00:00' THEN 20
                         WHEN hour(h) BETWEEN 9 AND 18 THEN (CASE WHEN dayofweek(h) = 0 THEN 100 ELSE 200 END) + (hash(h) % 7)::INT
                         ELSE 40 + (hash(h) % 7)::INT END AS n
          FROM hours)
        SELECT h + to_seconds(x) AS created_at, x % 3 = 0 AS web FROM (SELECT h, unnest(range(n)) AS x FROM counts)
        """,
    ];

    private const string Checks = """
        [
          { "name": "orders_hourly", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at",
            "window": "1h", "window_alignment": "complete", "critical": { "min": 1 }, "anomaly": {} },
          { "name": "orders_total", "type": "volume", "source": "mem", "table": "shop.orders", "critical": { "min": 1 } }
        ]
        """;

    [TestMethod]
    public async Task FirstRunTrainsWithOneGroupedStatement_CatchesTheDrop_LaterRunsReadOnlyTheNewestBucketsInTheOneStatement()
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-learned-");
        try
        {
            var config = Configs.InMemory(Init, Checks);
            var store = await SqliteHistoryStore.OpenAsync(Path.Combine(directory.FullName, "state.db"), CancellationToken.None);
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 11, 5, 0, TimeSpan.Zero));
            await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
            var counted = new CountingDataSource(sources["mem"]);
            await using var wrapped = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = counted });
            var engine = new CheckEngine(Catalog.Default, wrapped, time, new StoredHistory(store));

            var first = await engine.RunAsync(config, config.Checks, CancellationToken.None);

            var truth = await CountAsync(counted, "SELECT count(*) FROM shop.orders WHERE created_at >= TIMESTAMP '2026-11-30 10:00:00' AND created_at < TIMESTAMP '2026-11-30 11:00:00'");
            Assert.AreEqual(20L, truth);
            Assert.AreEqual(CheckStatus.Critical, first[0].Status, first[0].Message);
            Assert.AreEqual(20.0, first[0].Value);
            StringAssert.StartsWith(first[0].Message, "20 rows in 2026-11-30 10:00 to 2026-11-30 11:00 (UTC), expected ");
            StringAssert.Matches(first[0].Message, new System.Text.RegularExpressions.Regex(@"expected [0-9,]+–[0-9,]+ for (a Monday )?10:00; critical below 1 [▁▂▃▄▅▆▇█]{24}$"));
            Assert.IsTrue(first[0].ExpectedLow > 100 && first[0].ExpectedHigh < 300 && first[0].ExpectedLow < 200, $"{first[0].ExpectedLow}–{first[0].ExpectedHigh}");
            Assert.AreEqual(CheckStatus.Ok, first[1].Status);
            var statements = counted.Measurements.Single().Measures;
            Assert.AreEqual(1, statements.Count(m => m.Function == MeasureFunction.BucketedRowCount), "one grouped read of the training span");
            StringAssert.Contains(first[0].Statement, "GROUP BY bucket");
            Assert.AreEqual(28 * 24 + 1, first[0].Series.Count, "28 days of hourly buckets and the judged one are kept");
            Assert.AreEqual(20.0, first[0].Series[^1].Value);

            await new HistoryPublisher(store).PublishAsync(new Alerts.Publishing.RunOutcome(config, first, time.GetUtcNow()), CancellationToken.None);
            time.Advance(TimeSpan.FromHours(1));
            counted.Measurements.Clear();

            var second = await engine.RunAsync(config, config.Checks, CancellationToken.None);

            var hour11 = await CountAsync(counted, "SELECT count(*) FROM shop.orders WHERE created_at >= TIMESTAMP '2026-11-30 11:00:00' AND created_at < TIMESTAMP '2026-11-30 12:00:00'");
            Assert.AreEqual((double)hour11, second[0].Value);
            Assert.AreEqual(CheckStatus.Ok, second[0].Status, second[0].Message);
            Assert.AreEqual(1, counted.Measurements.Count, "one statement for the table");
            Assert.AreEqual(0, counted.Measurements[0].Measures.Count(m => m.Function == MeasureFunction.BucketedRowCount), "no grouped read once the series is stored");
            Assert.AreEqual(2 + 3, counted.Measurements[0].Measures.Count, "the two counts and the three rechecked buckets");
            Assert.IsFalse(second[0].Statement!.Contains("GROUP BY", StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(true);
        }
    }

    // Without a window the count is learned from the check's recorded runs (README "Learned thresholds"), one bucket per
    // scheduled run: a daily schedule cannot serve an hourly seasonality.
    [TestMethod]
    public void AnomalyWithoutAWindow_LearnsFromRecordedRuns_AndIsRefusedAtItsPathWhenItsScheduleCannotServeIt()
    {
        Configs.Valid("""
            { "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [ { "name": "orders", "type": "volume", "source": "mem", "table": "orders", "anomaly": { "sensitivity": "high" } } ] }
            """);
        var result = Configs.Load("""
            { "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [ { "name": "orders", "type": "volume", "source": "mem", "table": "orders", "schedule": "0 0 6 * * ?", "anomaly": { "seasonality": "hour_of_week" } } ] }
            """);

        Assert.IsFalse(result.IsValid);
        StringAssert.Contains(result.Errors[0].ToString(), "$.checks[0].anomaly");
        StringAssert.Contains(result.Errors[0].ToString(), "seasonality hour_of_week needs buckets that divide 1h, not 1.00:00:00 (it learns from the check's recorded runs, one bucket per scheduled run, every 1d)");
    }

    private static async Task<long> CountAsync(CountingDataSource source, string sql)
    {
        _ = source;
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = string.Join(";\n", Init) + ";\n" + sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
