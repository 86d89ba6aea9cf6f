using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Tests.BigQuery;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Cost;

/// <summary>
/// Issue 17 item 4: plan --dry-run never shows "0 bytes" for a query whose dry run failed, and plan --monthly prices
/// BigQuery checks from the bytes their dry runs bill, a shared statement split evenly, local sources at 0.
/// </summary>
[TestClass]
public sealed class PlanDryRunFailureTests
{
    private static readonly OrdersTable Orders = new(600, seed: 17);

    // Two sources on the one emulator, so the same check makes two statements (two table slices) whose dry runs can fail apart.
    private static string Json(BigQueryEmulator emulator, string checks, string defaults = "{}") => $$"""
        {
          "defaults": {{defaults}},
          "sources": {
            "bq": { "type": "bigquery", "project": "{{emulator.Project}}", "location": "{{emulator.Location}}", "endpoint": "{{emulator.Endpoint}}" },
            "bq2": { "type": "bigquery", "project": "{{emulator.Project}}", "location": "{{emulator.Location}}", "endpoint": "{{emulator.Endpoint}}" }
          },
          "checks": {{checks}}
        }
        """;

    private const string TwoSlices = """
        [
          { "name": "orders_fresh", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "created_at", "critical_after": "1d" },
          { "name": "orders_fresh_2", "type": "freshness", "source": "bq2", "table": "shop.orders", "column": "created_at", "critical_after": "1d" }
        ]
        """;

    // A TIMESTAMP column is 8 bytes a row; a query bills at least 10 MiB.
    private static long Processed => Orders.Rows.Count * 8L;

    [TestMethod]
    public async Task EveryDryRunFails_TotalsSayUnknown_NeverZeroBytes_AndExit3()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var path = Cli.CliRunner.WriteConfig(Json(emulator, TwoSlices));
        // Backend errors are retried (five times) before the dry run is given up: enough for both statements.
        emulator.Fail(EmulatorRoute.DryRun, 500, "backendError", "Backend error", times: 12);

        var outcome = await PlanCli.RunAsync(BigQueryHarness.Catalog, new StoppedClock(OrdersTable.Now), "--dry-run", "--config", path);

        Assert.AreEqual(3, outcome.ExitCode, outcome.Out + outcome.Error);
        var lines = outcome.Out.Split('\n');
        Assert.AreEqual(2, lines.Count(l => l.StartsWith("-- dry run failed: ", StringComparison.Ordinal)), outcome.Out);
        StringAssert.Contains(outcome.Out, "backendError");
        StringAssert.Contains(outcome.Out, "\n-- estimated per run: unknown (none of the 2 queries could be dry-run)\n");
        StringAssert.Contains(outcome.Out, "\n-- estimated per day: unknown (96 runs a day of \"0 */15 * * * ?\" for 2 checks, in UTC)\n");
        Assert.IsFalse(outcome.Out.Contains("0 bytes", StringComparison.Ordinal), outcome.Out);
        Assert.IsEmpty(emulator.Queries, "a dry run runs nothing");
    }

    [TestMethod]
    public async Task OneDryRunFails_TotalsAreALowerBound_AndTheMonthlyTableLeavesThatCheckUnpriced()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var path = Cli.CliRunner.WriteConfig(Json(emulator, TwoSlices));
        emulator.Fail(EmulatorRoute.DryRun, 500, "backendError", "Backend error", times: 6);

        var outcome = await PlanCli.RunAsync(BigQueryHarness.Catalog, new StoppedClock(OrdersTable.Now), "--dry-run", "--monthly", "--config", path);

        Assert.AreEqual(3, outcome.ExitCode, outcome.Out + outcome.Error);
        var billed = ByteSizeOf(Math.Max(10L << 20, Processed));
        Assert.AreEqual(1, outcome.Out.Split('\n').Count(l => l.StartsWith("-- dry run failed: ", StringComparison.Ordinal)), outcome.Out);
        StringAssert.Contains(outcome.Out, $"\n-- dry run: {ByteSizeOf(Processed)} processed, {billed} billed\n");
        StringAssert.Contains(outcome.Out, $"\n-- estimated per run: at least {ByteSizeOf(Processed)} processed, {billed} billed (1 of 2 queries dry-run; 1 could not be)\n");
        StringAssert.Contains(outcome.Out, $"\n-- estimated per day: at least {ByteSizeOf(Processed * 96)} processed, {ByteSizeOf(Math.Max(10L << 20, Processed) * 96)} billed (96 runs a day");

        // The first slice planned is bq's: its dry run met the faults.
        var month = (10L << 20) * (96 * 365.25 / 12) / (1L << 40) * 6.25;
        var rows = outcome.Out[outcome.Out.IndexOf("\nCHECK ", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(
            new[]
            {
                Row("CHECK", "SOURCE", "RUNS A MONTH", "PER RUN", "A MONTH"),
                Row("orders_fresh", "bq", "2,922", "unknown", "unknown"),
                Row("orders_fresh_2", "bq2", "2,922", "10,485,760 bytes (10 MiB) billed", PlanCli.Money(month)),
                Row("TOTAL", string.Empty, string.Empty, string.Empty, "at least " + PlanCli.Money(month)),
                "-- 1 check has no price: a dry run or DescribeTable failed (see above)",
            },
            rows,
            string.Join("\n", rows));

        static string Row(params string[] cells) => PlanCli.Row([14, 6, 12, 32], cells);
    }

    [TestMethod]
    public async Task Monthly_PricesSharedStatementsEvenly_PerSchedule_AtTheConfiguredPrice_AndLocalChecksAtZero()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var demo = await DemoFixture.PathAsync();
        var path = Cli.CliRunner.WriteConfig($$"""
            {
              "defaults": { "cost": { "bigquery_usd_per_tib": 5 } },
              "sources": {
                "bq": { "type": "bigquery", "project": "{{emulator.Project}}", "location": "{{emulator.Location}}", "endpoint": "{{emulator.Endpoint}}" },
                "local": { "type": "duckdb", "path": "{{demo}}" }
              },
              "checks": [
                { "name": "orders_fresh", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "created_at", "critical_after": "1d" },
                { "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } },
                { "name": "big_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 }, "schedule": "0 0 * * * ?" },
                { "name": "local_rows", "type": "volume", "source": "local", "table": "sales.orders", "critical": { "min": 1 } }
              ]
            }
            """);
        var outcome = await PlanCli.RunAsync(BigQueryHarness.Catalog, new StoppedClock(OrdersTable.Now), "--monthly", "--config", path);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Out + outcome.Error);
        // The 15-minute statement reads created_at and email for orders_fresh and email_null; the hourly one email only.
        var emails = Orders.Rows.Where(r => r.Email is not null).Sum(r => 2L + r.Email!.Length);
        var shared = Math.Max(10L << 20, RoundUpToMiB((Orders.Rows.Count * 8L) + emails));
        var alone = Math.Max(10L << 20, RoundUpToMiB(emails));
        var quarterHourly = 96 * 365.25 / 12;
        var hourly = 24 * 365.25 / 12;
        var half = shared / 2.0 * quarterHourly / (1L << 40) * 5;
        var bigNull = alone * hourly / (1L << 40) * 5;
        StringAssert.Contains(outcome.Out, "-- monthly cost: each check's runs in an average month (30.44 days) on its schedule; BigQuery at $5.00 per TiB billed, DynamoDB at $0.125 per million read units (defaults.cost); a read serving several checks is divided evenly among them; failed-row and key samples (read only when a check fails) and BigQuery's free TiB a month are not counted\n");
        var rows = outcome.Out[outcome.Out.IndexOf("\nCHECK ", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var halfBytes = ByteSizeOf((long)Math.Round(shared / 2.0)) + " billed";
        var aloneBytes = ByteSizeOf(alone) + " billed";
        int[] widths = [12, 6, 12, Math.Max(halfBytes.Length, aloneBytes.Length)];
        CollectionAssert.AreEqual(
            new[]
            {
                PlanCli.Row(widths, "CHECK", "SOURCE", "RUNS A MONTH", "PER RUN", "A MONTH"),
                PlanCli.Row(widths, "orders_fresh", "bq", "2,922", halfBytes, PlanCli.Money(half)),
                PlanCli.Row(widths, "email_null", "bq", "2,922", halfBytes, PlanCli.Money(half)),
                PlanCli.Row(widths, "big_null", "bq", "730.5", aloneBytes, PlanCli.Money(bigNull)),
                PlanCli.Row(widths, "local_rows", "local", "2,922", "local", "$0.00"),
                PlanCli.Row(widths, "TOTAL", string.Empty, string.Empty, string.Empty, PlanCli.Money(half + half + bigNull)),
            },
            rows,
            string.Join("\n", rows));
        Assert.IsEmpty(emulator.Queries, "pricing runs nothing");
    }

    private static long RoundUpToMiB(long bytes) => (bytes + (1L << 20) - 1) >> 20 << 20;

    private static string ByteSizeOf(long bytes) => ByteSize.Describe(bytes);
}
