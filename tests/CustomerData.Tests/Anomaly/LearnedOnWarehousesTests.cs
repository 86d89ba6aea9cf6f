using System.Globalization;
using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.Postgres;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Anomaly;

/// <summary>
/// A learned volume check trains from BigQuery and from PostgreSQL with the same one grouped statement it runs on
/// DuckDB: on the same rows it learns the same series and gives the same verdict, range and message.
/// </summary>
[TestClass]
public sealed class LearnedOnWarehousesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 11, 5, 0, TimeSpan.Zero);

    private const string Checks = """
        [ { "name": "orders_hourly", "type": "volume", "source": "SOURCE", "table": "shop.orders", "time_column": "created_at",
            "window": "1h", "window_alignment": "complete", "critical": { "min": 1 }, "anomaly": {} } ]
        """;

    // Five weeks of hourly orders, the count of each hour written the same way in DuckDB and PostgreSQL: 200 + (0..6) from
    // 09:00 to 18:59 on weekdays, 100 + (0..6) on Sundays, 40 + (0..6) at night; Monday 2026-11-30 10:00 has 20.
    private const string Count = """
        CASE WHEN h = TIMESTAMP '2026-11-30 10:00:00' THEN 20
             WHEN HOUR_OF(h) BETWEEN 9 AND 18 THEN (CASE WHEN DOW_OF(h) = 0 THEN 100 ELSE 200 END) + HOURS_OF(h) % 7
             ELSE 40 + HOURS_OF(h) % 7 END
        """;

    private static readonly string[] DuckDbInit =
    [
        "CREATE SCHEMA shop",
        $"""
        CREATE TABLE shop.orders AS
        WITH hours AS (SELECT h FROM generate_series(TIMESTAMP '2026-10-26 00:00:00', TIMESTAMP '2026-11-30 11:00:00', INTERVAL 1 HOUR) t(h)),
        counts AS (SELECT h, {Count.Replace("HOUR_OF(h)", "hour(h)").Replace("DOW_OF(h)", "dayofweek(h)").Replace("HOURS_OF(h)", "(epoch(h)::BIGINT // 3600)")} AS n FROM hours)
        SELECT h + to_seconds(x) AS created_at FROM (SELECT h, unnest(range(n)) AS x FROM counts)
        """,
    ];

    private static readonly string PostgresInit = $"""
        CREATE SCHEMA shop;
        CREATE TABLE shop.orders AS
        SELECT h + x * interval '1 second' AS created_at
        FROM generate_series(timestamp '2026-10-26 00:00:00', timestamp '2026-11-30 11:00:00', interval '1 hour') h,
             LATERAL generate_series(0, ({Count.Replace("HOUR_OF(h)", "extract(hour FROM h)").Replace("DOW_OF(h)", "extract(dow FROM h)").Replace("HOURS_OF(h)", "(extract(epoch FROM h)::bigint / 3600)")}) - 1) x;
        """;

    [TestMethod]
    public async Task BigQuery_TrainsWithOneGroupedGoogleSqlStatement_UnderTheByteCap_AndJudgesAsDuckDbDoes()
    {
        var duck = (await Runs.RunAsync(Configs.InMemory(DuckDbInit, Checks.Replace("SOURCE", "mem")), new FakeTimeProvider(Now))).Single();
        await using var emulator = new BigQueryEmulator(DuckDbInit);

        var bigQuery = (await BigQueryHarness.RunAsync(
            BigQueryHarness.Config(emulator, Checks.Replace("SOURCE", "bq"), sourceOptions: """, "maximum_bytes_billed": "1GB" """), Now)).Single();

        AssertSame(duck, bigQuery);
        Assert.AreEqual(CheckStatus.Critical, bigQuery.Status, bigQuery.Message);
        var grouped = emulator.Queries.Single(q => q.Body.Contains("GROUP BY bucket", StringComparison.Ordinal));
        var endMicros = (new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero) - DateTimeOffset.UnixEpoch).Ticks / 10;
        StringAssert.Contains(
            grouped.Body,
            $"SELECT\\n  DIV({endMicros} - UNIX_MICROS(`created_at`) - 1, 3600000000) AS bucket,\\n  COUNT(*) AS m1\\nFROM `{emulator.Project}.shop.orders`\\nWHERE `created_at` >= @p0 AND `created_at` < @p1\\nGROUP BY bucket");
        StringAssert.Contains(grouped.Body, "\"value\":\"2026-11-02 10:00:00.000000+00:00\"");
        StringAssert.Contains(grouped.Body, "\"value\":\"2026-11-30 10:00:00.000000+00:00\"");
        StringAssert.Contains(grouped.Body, "\"maximumBytesBilled\":\"1000000000\",\"labels\":{\"app\":\"customerdata-monitor\",\"check\":\"orders_hourly\"}");
        Assert.HasCount(2, emulator.Queries, "one grouped read of the training span and the table's one statement");
    }

    [TestMethod]
    public async Task BigQuery_AGroupedReadThatWouldBillMoreThanTheCap_IsRefused_AndTheCheckIsUnknownSayingSo()
    {
        await using var emulator = new BigQueryEmulator(DuckDbInit);

        var result = (await BigQueryHarness.RunAsync(
            BigQueryHarness.Config(emulator, Checks.Replace("SOURCE", "bq"), sourceOptions: """, "maximum_bytes_billed": "1MB" """), Now)).Single();

        Assert.AreEqual(CheckStatus.Unknown, result.Status, result.Message);
        Assert.AreEqual(
            "BigQueryException: bytes-billed cap reached: the query needs 10,485,760 bytes (10 MiB), cap is 1,000,000 bytes (976.56 KiB) (maximum_bytes_billed); nothing was billed",
            result.Message);
        Assert.IsNull(result.ExpectedLow);
    }

    [TestMethod]
    public async Task Postgres_TrainsWithOneGroupedStatement_LearnsTheSeriesAPlainQueryCounts_AndJudgesAsDuckDbDoes()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(LearnedOnWarehousesTests));
        await PostgresShop.ExecuteAsync(db, PostgresInit);
        var duck = (await Runs.RunAsync(Configs.InMemory(DuckDbInit, Checks.Replace("SOURCE", "mem")), new FakeTimeProvider(Now))).Single();

        var postgres = (await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json(Checks.Replace("SOURCE", "pg"))), db.ConnectionString, new FakeTimeProvider(Now))).Single();

        AssertSame(duck, postgres);
        Assert.AreEqual(CheckStatus.Critical, postgres.Status, postgres.Message);
        StringAssert.Contains(postgres.Statement, "GROUP BY bucket");
        foreach (var point in postgres.Series.Where((_, i) => i % 97 == 0))
        {
            var counted = await PostgresShop.ScalarAsync(
                db, "SELECT count(*) FROM shop.orders WHERE created_at >= $1 AND created_at < $2", point.Start.UtcDateTime, point.Start.AddHours(1).UtcDateTime);
            Assert.AreEqual(Convert.ToDouble(counted, CultureInfo.InvariantCulture), point.Value, point.Start.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    private static void AssertSame(CheckResult expected, CheckResult actual)
    {
        Assert.AreEqual(expected.Status, actual.Status, actual.Message);
        Assert.AreEqual(expected.Value, actual.Value);
        Assert.AreEqual(expected.ExpectedLow, actual.ExpectedLow);
        Assert.AreEqual(expected.ExpectedHigh, actual.ExpectedHigh);
        Assert.AreEqual(expected.Message, actual.Message);
        CollectionAssert.AreEqual(expected.Series.ToList(), actual.Series.ToList());
        Assert.AreEqual(28 * 24 + 1, actual.Series.Count);
    }
}
