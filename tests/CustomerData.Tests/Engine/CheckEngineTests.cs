using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

[TestClass]
public sealed class CheckEngineTests
{
    private static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders AS SELECT range AS id, TIMESTAMP '2026-11-26 10:00:00' - to_minutes(range) AS created_at, CASE WHEN range % 10 = 0 THEN NULL ELSE 'x' END AS email, CASE WHEN range % 2 = 0 THEN 'FR' ELSE 'DE' END AS country FROM range(1000)",
        "CREATE TABLE shop.customers AS SELECT range AS id, CASE WHEN range % 4 = 0 THEN NULL ELSE 'y' END AS phone FROM range(200)",
    ];

    private const string Checks = """
        [
          { "name": "orders_fresh", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "created_at", "critical_after": "1h" },
          { "name": "orders_rows", "type": "volume", "source": "mem", "table": "shop.orders", "critical": { "min": 1 } },
          { "name": "orders_rows_fr_1h", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'", "time_column": "created_at", "window": "1h", "critical": { "min": 1 } },
          { "name": "orders_email_nulls", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } },
          { "name": "customers_phone_nulls", "type": "null_rate", "source": "mem", "table": "shop.customers", "column": "phone", "critical": { "max": 0.5 } }
        ]
        """;

    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.Zero));

    private static async Task<(IReadOnlyList<CheckResult> Results, CountingDataSource Source)> RunAsync(MonitorConfig config)
    {
        var source = new CountingDataSource(Catalog.Default.SourceKindOf(config.Sources["mem"]).Create(config.Sources["mem"], new SourceEnvironment(".", Time)));
        await using var sources = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = source });
        var results = await new CheckEngine(Catalog.Default, sources, Time).RunAsync(config, config.Checks, CancellationToken.None);
        return (results, source);
    }

    [TestMethod]
    public async Task FiveChecksOnTwoTables_IssueTwoQueries()
    {
        // created_at runs back from 10:00 a minute per id; the FR window 09:30-10:30 holds even ids 0..30: 16 rows.
        var (results, source) = await RunAsync(Configs.InMemory(Init, Checks));

        Assert.AreEqual(2, source.Queries);
        CollectionAssert.AreEqual(new[] { "shop.orders", "shop.customers" }, source.Measurements.Select(m => m.Table).ToArray());
        CollectionAssert.AreEqual(
            new[] { 1800.0, 1000, 16, 0.1, 0.25 },
            results.Select(r => r.Value!.Value).ToArray());
    }

    [TestMethod]
    public void Plan_SharesTheRowCountBetweenVolumeAndNullRateAndAssertsTheExactSql()
    {
        var config = Configs.InMemory(Init, Checks);
        var plan = new Planner(Catalog.Default).Plan(config, config.Checks, Time.GetUtcNow());
        var source = Catalog.Default.SourceKindOf(config.Sources["mem"]).Create(config.Sources["mem"], new SourceEnvironment(".", Time));

        Assert.HasCount(2, plan);
        Assert.AreEqual(
            """
            SELECT
              epoch_us(max("created_at")) AS m0,
              count(*) AS m1,
              CAST(count_if((country = 'FR') AND "created_at" >= $p0 AND "created_at" < $p1) AS BIGINT) AS m2,
              CAST(count_if("email" IS NULL) AS BIGINT) AS m3
            FROM "shop"."orders";
            -- parameters: p0 = 2026-11-26 09:30:00Z, p1 = 2026-11-26 10:30:00Z
            """.ReplaceLineEndings("\n"),
            source.Describe(plan[0].Measurement).Single());
        CollectionAssert.AreEqual(new[] { 1, 3 }, plan[0].Checks.Single(c => c.Check.Name == "orders_email_nulls").Slots.ToArray());
    }

    [TestMethod]
    public async Task MissingTable_IsUnknownWithTheReason_AndOtherTablesStillReport()
    {
        var config = Configs.InMemory(Init, """
            [
              { "name": "gone", "type": "volume", "source": "mem", "table": "shop.refunds", "critical": { "min": 1 } },
              { "name": "customers", "type": "volume", "source": "mem", "table": "shop.customers", "critical": { "min": 1 } }
            ]
            """);

        var (results, _) = await RunAsync(config);

        Assert.AreEqual(CheckStatus.Unknown, results[0].Status);
        StringAssert.StartsWith(results[0].Message, "DuckDBException: Catalog Error: Table with name refunds does not exist!");
        Assert.AreEqual(CheckStatus.Ok, results[1].Status);
        Assert.AreEqual(200, results[1].Value);
    }

    [TestMethod]
    public async Task MissingColumnInOneCheck_OnlyThatCheckIsUnknown()
    {
        var config = Configs.InMemory(Init, """
            [
              { "name": "bad", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "emial", "critical": { "max": 0.5 } },
              { "name": "good", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } }
            ]
            """);

        var (results, source) = await RunAsync(config);

        Assert.AreEqual(CheckStatus.Unknown, results[0].Status);
        StringAssert.Contains(results[0].Message, "Referenced column \"emial\" not found");
        Assert.AreEqual(CheckStatus.Ok, results[1].Status);
        Assert.AreEqual(0.1, results[1].Value);
        Assert.AreEqual(3, source.Queries, "the shared query, then one per check to find the broken one");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task SlowQuery_IsCancelledAtTheTimeout_AndReportedUnknown()
    {
        var config = Configs.InMemory(
            [.. Init, "CREATE VIEW shop.endless AS SELECT a.range AS n FROM range(100000000) a, range(100000000) b"],
            """
            [
              { "name": "endless", "type": "volume", "source": "mem", "table": "shop.endless", "timeout": "300ms", "critical": { "min": 1 } },
              { "name": "customers", "type": "volume", "source": "mem", "table": "shop.customers", "critical": { "min": 1 } }
            ]
            """);

        // Deadlines run on the engine's TimeProvider: the real clock here, the fixed instant as the run's "now".
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", Time));
        var results = await new CheckEngine(Catalog.Default, sources, TimeProvider.System).RunAsync(config, config.Checks, CancellationToken.None, Time.GetUtcNow());

        Assert.AreEqual(CheckStatus.Unknown, results[0].Status);
        Assert.AreEqual("timed out after 300ms; the query was cancelled", results[0].Message);
        Assert.AreEqual(CheckStatus.Ok, results[1].Status);
    }

    [TestMethod]
    public async Task MissingDatabaseFile_MakesEveryCheckOnTheSourceUnknown()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.duckdb");
        var config = Configs.Valid($$"""
            {
              "sources": { "wh": { "type": "duckdb", "path": "{{missing}}" } },
              "checks": [
                { "name": "a", "type": "volume", "source": "wh", "table": "t", "critical": { "min": 1 } },
                { "name": "b", "type": "volume", "source": "wh", "table": "u", "critical": { "min": 1 } }
              ]
            }
            """);

        var results = await Runs.RunAsync(config, Time);

        foreach (var result in results)
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status);
            Assert.AreEqual($"cannot open source \"wh\": DuckDB database file {missing} does not exist", result.Message);
        }

        Assert.IsFalse(File.Exists(missing), "a read-only source must not create the file it was pointed at");
    }

    // Contract C2: a cancelled run does not throw; what it never measured is UNKNOWN with this exact message.
    [TestMethod]
    public async Task CallerCancellation_StopsTheRun_EveryUnmeasuredCheckUnknown()
    {
        var config = Configs.InMemory(Init, Checks);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", Time));

        var results = await new CheckEngine(Catalog.Default, sources, Time).RunAsync(config, config.Checks, cancelled.Token);

        Assert.HasCount(5, results);
        foreach (var result in results)
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status);
            Assert.AreEqual("cancelled at shutdown before it was measured", result.Message);
        }
    }
}
