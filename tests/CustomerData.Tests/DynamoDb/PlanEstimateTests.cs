using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Tests.Cli;
using CustomerData.Tests.Cost;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.DynamoDb;

/// <summary>
/// Issue 17 item 4: plan estimates DynamoDB read units and durations from DescribeTable and the read budget, warns when a
/// read outlasts a check's timeout, says when DescribeTable fails, and --monthly prices the read units.
/// </summary>
[TestClass]
public sealed class PlanEstimateTests
{
    private const double Budget = 100;

    private static string Json(string endpoint, string checks) => $$"""
        {
          "sources": {
            "dyn": { "type": "dynamodb", "region": "{{Dynalite.Region}}", "endpoint": "{{endpoint}}", "max_read_units_per_second": {{Budget}} },
            "dyn_sample": { "type": "dynamodb", "region": "{{Dynalite.Region}}", "endpoint": "{{endpoint}}", "max_read_units_per_second": {{Budget}} }
          },
          "checks": {{checks}}
        }
        """;

    private const string Checks = """
        [
          { "name": "sized_rows", "type": "volume", "source": "dyn", "table": "plan_sized", "critical": { "min": 1 }, "timeout": "2s" },
          { "name": "sized_pad_nulls", "type": "null_rate", "source": "dyn", "table": "plan_sized", "column": "pad", "critical": { "max": 0.5 } },
          { "name": "sized_sampled", "type": "null_rate", "source": "dyn_sample", "table": "plan_sized", "column": "pad", "sample": 300, "critical": { "max": 0.5 }, "schedule": "0 0 * * * ?" },
          { "name": "gone", "type": "volume", "source": "dyn", "table": "plan_missing", "critical": { "min": 1 } }
        ]
        """;

    // What the test works out on its own: 4 segments of 300 items; pages of one second of budget over the 4 segments
    // (25 units: 70 items of 2,900 bytes at 0.5 unit per 4 KB), each rounded up to 4 KB.
    private static double FullScanUnits
    {
        get
        {
            var unitsPerItem = SizedTable.ItemBytes / 4096.0 * 0.5;
            var page = Math.Floor(Budget / 4 / unitsPerItem);
            var perSegment = SizedTable.Count / 4;
            var pages = Math.Floor(perSegment / page);
            var rest = perSegment - (pages * page);
            var blocks = (pages * Math.Ceiling(page * SizedTable.ItemBytes / 4096)) + Math.Ceiling(rest * SizedTable.ItemBytes / 4096);
            return 4 * blocks * 0.5;
        }
    }

    // A sample of 300 spreads over one segment per 50 items: 6 pages of 50 items.
    private static double SampleUnits => 6 * Math.Ceiling(50.0 * SizedTable.ItemBytes / 4096) * 0.5;

    [TestMethod]
    public async Task Plan_EstimatesEverySlice_WarnsOfTheTimeout_AndSaysWhenDescribeTableFails()
    {
        var dynalite = await SizedTable.ReadyAsync();
        var wire = new WireLog();
        var path = CliRunner.WriteConfig(Json(dynalite.Endpoint, Checks));

        var outcome = await PlanCli.RunAsync(Catalog(wire), TimeProvider.System, "--config", path);

        Assert.AreEqual(430, FullScanUnits, "the worked example");
        Assert.AreEqual(108, SampleUnits, "the worked example");
        Assert.AreEqual(0, outcome.ExitCode, "plain plan printed the queries: " + outcome.Out + outcome.Error);
        var size = "1,200 items, 3.32 MiB";
        StringAssert.Contains(outcome.Out, $"\n-- estimate: table plan_sized: {size} → the scan reads every item: ~430 read units (eventually consistent), ~4s at the budget of 100 RU/s\n"
            + "-- warning: the reads need ~4s at 100 RU/s, longer than the timeout of sized_rows (2s): it would end UNKNOWN (timed out); raise max_read_units_per_second to 215 or the timeout to 5s, or read less (an index, mode metadata, a sample)\n");
        StringAssert.Contains(outcome.Out, $"\n-- estimate: table plan_sized: {size} → a sampling scan stops at about 300 items (6 segments of 50): ~108 read units (eventually consistent), ~1s at the budget of 100 RU/s\n");
        StringAssert.Contains(outcome.Out, $"\n-- estimate unavailable: DescribeTable failed: ResourceNotFoundException: table \"plan_missing\" does not exist at {dynalite.Endpoint}\n");
        CollectionAssert.AreEquivalent(new[] { "DescribeTable" }, wire.Calls.Select(c => c.Operation).Distinct().ToArray(), "plan reads no item");
    }

    [TestMethod]
    public async Task ASchemaCheck_IsEstimatedAsOnePageOfAHundredWholeItems_AndReadsThatMuch()
    {
        var dynalite = await SizedTable.ReadyAsync();
        const string schema = """[ { "name": "sized_shape", "type": "schema", "source": "dyn", "table": "plan_sized", "on_change": "warning" } ]""";
        var path = CliRunner.WriteConfig(Json(dynalite.Endpoint, schema));
        // 100 items of 2,900 bytes on one page, rounded up to 4 KB, at 0.5 unit (eventually consistent).
        var units = Math.Ceiling(100.0 * SizedTable.ItemBytes / 4096) * 0.5;

        var outcome = await PlanCli.RunAsync(Catalog(new WireLog()), TimeProvider.System, "--config", path);

        Assert.AreEqual(35.5, units, "the worked example");
        StringAssert.Contains(outcome.Out, "\n-- estimate: schema: the attributes of the first 100 items (one Scan page) → ~35.5 read units (eventually consistent), ~355ms at the budget of 100 RU/s\n");
        var wire = new WireLog();
        var config = Configs.Valid(Json(dynalite.Endpoint, schema));
        var catalog = Catalog(wire);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", TimeProvider.System));
        var result = (await new CheckEngine(catalog, sources, TimeProvider.System).RunAsync(config, config.Checks, CancellationToken.None)).Single();
        Assert.AreEqual(units, wire.Of("Scan").Sum(c => c.Units ?? 0), 1e-9, result.Message);
    }

    [TestMethod]
    public async Task TheEstimateHolds_OnTheWire_AndTheWarnedCheckTimesOut()
    {
        var dynalite = await SizedTable.ReadyAsync();
        var wire = new WireLog();
        var config = Configs.Valid(Json(dynalite.Endpoint, Checks));
        var catalog = Catalog(wire);
        var selected = config.Checks.Where(c => c.Name is "sized_rows" or "sized_pad_nulls").ToList();
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", TimeProvider.System));

        var results = await new CheckEngine(catalog, sources, TimeProvider.System).RunAsync(config, selected, CancellationToken.None);

        var rows = results.Single(r => r.Check.Name == "sized_rows");
        var nulls = results.Single(r => r.Check.Name == "sized_pad_nulls");
        Assert.AreEqual(CheckStatus.Unknown, rows.Status, rows.Message);
        StringAssert.Contains(rows.Message, "timed out after 2s");
        Assert.AreEqual(CheckStatus.Ok, nulls.Status, nulls.Message);
        var scanned = wire.Of("Scan").Sum(c => c.Units ?? 0);
        // dynalite spreads keys over segments unevenly, so pages round a little differently than the even split assumed.
        Assert.IsLessThan(0.03, Math.Abs(scanned - FullScanUnits) / FullScanUnits, $"measured {scanned} read units, estimated {FullScanUnits}");
        Assert.AreEqual(scanned, nulls.Cost!.ReadUnits!.Value, 1e-9);
    }

    [TestMethod]
    public async Task Monthly_PricesReadUnits_SplitBetweenTheChecksOfAScan_AndLeavesAFailedDescribeUnpriced_Exit3()
    {
        var dynalite = await SizedTable.ReadyAsync();
        var path = CliRunner.WriteConfig(Json(dynalite.Endpoint, Checks));

        var outcome = await PlanCli.RunAsync(Catalog(new WireLog()), TimeProvider.System, "--monthly", "--config", path);

        Assert.AreEqual(3, outcome.ExitCode, "DescribeTable failed for one check: " + outcome.Out + outcome.Error);
        var quarterHourly = 96 * 365.25 / 12;
        var hourly = 24 * 365.25 / 12;
        var half = FullScanUnits / 2 * quarterHourly / 1e6 * 0.125;
        var sampled = SampleUnits * hourly / 1e6 * 0.125;
        var rows = outcome.Out[outcome.Out.IndexOf("\nCHECK ", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(
            new[]
            {
                Row("CHECK", "SOURCE", "RUNS A MONTH", "PER RUN", "A MONTH"),
                Row("sized_rows", "dyn", "2,922", "~215 read units", PlanCli.Money(half)),
                Row("sized_pad_nulls", "dyn", "2,922", "~215 read units", PlanCli.Money(half)),
                Row("sized_sampled", "dyn_sample", "730.5", "~108 read units", PlanCli.Money(sampled)),
                Row("gone", "dyn", "2,922", "unknown", "unknown"),
                Row("TOTAL", string.Empty, string.Empty, string.Empty, "at least " + PlanCli.Money(half + half + sampled)),
                "-- 1 check has no price: a dry run or DescribeTable failed (see above)",
            },
            rows,
            string.Join("\n", rows));

        // Columns as wide as their longest cell, two spaces apart.
        static string Row(params string[] cells) => PlanCli.Row([15, 10, 12, 15], cells);
    }

    [TestMethod]
    public async Task ATableDynamoDbHasNotCountedYet_IsEstimatedAtZero_WithAWarning_AndAnIndexQueryAtHalfAUnit()
    {
        var dynalite = await ProfilesTable.ReadyAsync();
        var path = CliRunner.WriteConfig(Json(dynalite.Endpoint, """
            [
              { "name": "profiles_rows", "type": "volume", "source": "dyn", "table": "profiles", "critical": { "min": 1 } },
              { "name": "profiles_fresh", "type": "freshness", "source": "dyn", "table": "profiles", "column": "updated_ms", "time_format": "epoch_millis", "index": "by_all_updated", "partition_key_values": ["all"], "critical_after": "6h" }
            ]
            """));

        // Plain dynalite: DescribeTable reports 0 items and 0 bytes, as DynamoDB does for a table it has not counted yet.
        var outcome = await PlanCli.RunAsync(Catalog(new WireLog()), TimeProvider.System, "--config", path);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Out + outcome.Error);
        StringAssert.Contains(outcome.Out, "\n-- estimate: 1 Query (Limit=1) on index by_all_updated (0 items, 0 B) → ~0.5 read units (eventually consistent), ~5ms at the budget of 100 RU/s\n"
            + "-- estimate: table profiles: 0 items, 0 B → the scan reads every item: ~0 read units (eventually consistent), ~0ms at the budget of 100 RU/s\n"
            + "-- warning: DescribeTable reports 0 items for profiles; DynamoDB counts them about every 6 hours, so a table created or filled since then reads more than this estimate\n");
    }

    private static Catalog Catalog(WireLog wire) =>
        new(CustomerData.Checks.Catalog.Default.CheckKinds, [new DuckDbSourceKind(), new DynamoDbSourceKind(SizedTable.Clients(wire))]);
}
