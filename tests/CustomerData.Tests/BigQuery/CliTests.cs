using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class CliTests
{
    private static readonly OrdersTable Orders = new(800, seed: 21);

    [TestMethod]
    public async Task PlanDryRun_ShowsBytesPerQueryPerRunAndPerDay()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var path = CliRunner.WriteConfig(BigQueryHarness.Json(emulator, """
            [
              { "name": "orders_fresh", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "created_at", "critical_after": "1d" },
              { "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } },
              { "name": "orders_rows", "type": "volume", "source": "bq", "table": "shop.orders", "mode": "metadata", "critical": { "min": 1 }, "schedule": "0 0 6 * * ?" }
            ]
            """));

        var outcome = await CliRunner.RunAsync("plan", "--dry-run", "--config", path);

        var bytes = Orders.Rows.Count * 8L + Orders.Rows.Where(r => r.Email is not null).Sum(r => 2L + r.Email!.Length);
        var processed = $"{bytes:#,0} bytes";
        Assert.AreEqual(0, outcome.ExitCode, outcome.Error + outcome.Out);
        StringAssert.Contains(outcome.Out, "-- tables.get test-project.shop.orders: numRows plus streamingBuffer.estimatedRows (table metadata: no rows read, nothing billed)\n-- dry run: 0 bytes (0 B) processed, 0 bytes (0 B) billed\n");
        StringAssert.Contains(outcome.Out, "FROM `test-project.shop.orders`;\n-- dry run: " + processed);
        StringAssert.Contains(outcome.Out, $"-- estimated per run: {processed}");
        StringAssert.Contains(outcome.Out, "10,485,760 bytes (10 MiB) billed (2 queries dry-run)");
        StringAssert.Contains(outcome.Out, $"-- estimated per day: {bytes * 96:#,0} bytes");
        StringAssert.Contains(outcome.Out, "1,006,632,960 bytes (960 MiB) billed (96 runs a day of \"0 */15 * * * ?\" for 2 checks; 1 run a day of \"0 0 6 * * ?\" for 1 check, in UTC)");
        Assert.IsEmpty(emulator.Queries, "a dry run runs nothing");
    }

    [TestMethod]
    public async Task ValidateRemote_ListsMissingTablesColumnsAndMisfitModes_WithLines()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var path = CliRunner.WriteConfig(BigQueryHarness.Json(emulator, """
            [
              { "name": "ok", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "created_at", "critical_after": "1d" },
              { "name": "typo", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "emial", "critical": { "max": 0.5 } },
              { "name": "gone", "type": "volume", "source": "bq", "table": "shop.refunds", "critical": { "min": 1 } },
              { "name": "not_ts", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "country", "critical_after": "1d" },
              { "name": "meta_window", "type": "volume", "source": "bq", "table": "shop.orders", "mode": "metadata", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
              { "name": "bad_filter", "type": "volume", "source": "bq", "table": "shop.orders", "filter": "contry = 'FR'", "critical": { "min": 1 } }
            ]
            """));

        var outcome = await CliRunner.RunAsync("validate", "--remote", "--config", path);

        Assert.AreEqual(2, outcome.ExitCode, outcome.Out + outcome.Error);
        var lines = outcome.Error.Split('\n');
        StringAssert.Contains(outcome.Error, ":6:82: $.checks[1].column: column \"emial\" not found in test-project.shop.orders\n    hint: did you mean \"email\"?");
        StringAssert.Contains(outcome.Error, ":7:55: $.checks[2].table: table shop.refunds not found in project test-project: notFound: ");
        StringAssert.Contains(outcome.Error, "$.checks[3].column: column \"country\" is STRING, not TIMESTAMP");
        StringAssert.Contains(outcome.Error, "$.checks[4].time_column: a metadata count over a window adds up partitions, and shop.orders is not partitioned by time on created_at");
        StringAssert.Contains(outcome.Error, "$.checks[5].filter: the check's query does not dry-run: invalidQuery: ");
        Assert.IsFalse(lines.Any(l => l.Contains("$.checks[0]", StringComparison.Ordinal)), outcome.Error);
        StringAssert.Contains(outcome.Out, "remote: 1 source checked; 5 errors, 0 warnings.");
        Assert.IsEmpty(emulator.Queries, "validation only dry-runs");
    }
}
