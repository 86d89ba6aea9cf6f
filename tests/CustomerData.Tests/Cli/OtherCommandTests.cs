namespace CustomerData.Tests.Cli;

[TestClass]
public sealed class OtherCommandTests
{
    [TestMethod]
    public async Task Validate_RootConfig_ExitsZero()
    {
        var outcome = await CliRunner.RunAsync("validate", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        StringAssert.EndsWith(outcome.Out.TrimEnd(), "is valid: 16 checks (16 enabled) on 1 source.");
    }

    [TestMethod]
    public async Task Validate_FivePlantedMistakes_ListsAllFiveWithLinesAndExitsTwo()
    {
        var config = CliRunner.WriteConfig("""
            {
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [
                { "name": "a", "type": "freshness", "source": "db", "table": "t", "column": "c", "critical_afer": "6h" },
                { "name": "b", "type": "volume", "source": "dbb", "table": "t", "critical": { "min": 1 } },
                { "name": "c", "type": "volume", "source": "db", "table": "t", "warn": { "min": 1 }, "critical": { "min": 5 } },
                { "name": "d", "type": "null_rate", "source": "db", "table": "t", "column": "c", "window": "1 day", "time_column": "ts", "critical": { "max": 0.1 } },
                { "name": "a", "type": "freshness", "source": "db", "table": "t", "column": "c", "schedule": "*/5 * * * *", "critical_after": "1h" }
              ]
            }
            """);

        var outcome = await CliRunner.RunAsync("validate", "--config", config);

        Assert.AreEqual(2, outcome.ExitCode);
        var located = outcome.Error.Split('\n').Where(l => l.StartsWith(config, StringComparison.Ordinal) && l.Contains(": $.", StringComparison.Ordinal)).Select(l => l[(config.Length + 1)..]).ToList();
        CollectionAssert.AreEqual(
            new[]
            {
                "4:86: $.checks[0].critical_afer: unknown field \"critical_afer\"",
                "5:38: $.checks[1].source: unknown source \"dbb\"",
                "6:104: $.checks[2].critical.min: critical.min (5) is above warn.min (1)",
                "7:86: $.checks[3].window: invalid duration \"1 day\"",
                "8:7: $.checks[4].name: duplicate check name \"a\"",
                "8:86: $.checks[4].schedule: invalid cron expression \"*/5 * * * *\": Cron expression '*/5 * * * *' has 5 fields, which is the Unix/crontab form; Quartz cron has 6 or 7 fields with seconds first. Prepend a seconds field: \"0 */5 * * * *\". Note that Quartz numbers days of week 1-7 starting at Sunday where Unix cron uses 0-6, so respell numeric day-of-week values or use names (SUN, MON, ...). Or read it as written, renumbering and all, with CronExpression.Parse(expression, CronFormat.Unix).",
            },
            located);
        StringAssert.EndsWith(outcome.Error.TrimEnd(), ": 6 errors");
    }

    [TestMethod]
    public async Task Plan_ShowsOneQueryPerTableWithTheChecksItServes()
    {
        var outcome = await CliRunner.RunAsync("plan", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        StringAssert.Contains(outcome.Out, "-- source demo, table sales.orders: orders_freshness, orders_daily_volume, orders_total_volume, paid_orders_amount_null_rate, "
            + "orders_replicated, orders_order_id_unique, orders_status_accepted, orders_amount_not_negative\nSELECT\n  epoch_us(max(\"updated_at\")) AS m0,\n"
            + "  CAST(count_if(\"created_at\" >= $p0 AND \"created_at\" < $p1) AS BIGINT) AS m1,\n  count(*) AS m2,\n  CAST(count_if((status = 'paid')) AS BIGINT) AS m3,\n"
            + "  CAST(count_if((status = 'paid') AND \"amount_eur\" IS NULL) AS BIGINT) AS m4,\n  CAST(count_if(\"order_id\" IS NOT NULL) AS BIGINT) AS m5,\n"
            + "  count(DISTINCT \"order_id\") AS m6,\n");
        StringAssert.EndsWith(outcome.Out.TrimEnd(), "-- 8 queries for 16 checks on 6 table slices");
    }

    [TestMethod]
    [DataRow("validate")]
    [DataRow("plan")]
    [DataRow("run")]
    [DataRow("demo")]
    [DataRow("schema")]
    public async Task Help_OnEachCommand_ShowsAnExample(string command)
    {
        var outcome = await CliRunner.RunAsync(command, "--help");

        Assert.AreEqual(0, outcome.ExitCode);
        StringAssert.Contains(outcome.Out, $"cdm {command}");
    }

    [TestMethod]
    [DataRow("run", "--format", "xml")]
    [DataRow("run", "--no-such-option")]
    [DataRow("frobnicate")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        var outcome = await CliRunner.RunAsync(args);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.EndsWith(outcome.Error.TrimEnd(), "Run with --help for usage.");
    }

    [TestMethod]
    public async Task Schema_PrintsTheGeneratedSchema()
    {
        var outcome = await CliRunner.RunAsync("schema");

        Assert.AreEqual(File.ReadAllText(Path.Combine(TestSupport.Repository.Root, "checks.schema.json")), outcome.Out);
    }
}
