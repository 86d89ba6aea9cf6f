using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class PartitionFilterTests
{
    private static readonly OrdersTable Orders = new(2_000, seed: 13);

    [TestMethod]
    public async Task TableRequiringAPartitionFilter_WindowedChecksWork_AndReadOnlyTheirPartitions()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Table("shop.orders", new EmulatedTable { PartitionColumn = "created_at", RequirePartitionFilter = true });
        var checks = """
            [
              { "name": "volume_1d", "type": "volume", "source": "bq", "table": "shop.orders", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "min": 1 } },
              { "name": "email_null_1d", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "max": 0.5 } }
            ]
            """;

        var results = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now);

        var (start, end) = (new DateTime(2026, 11, 25), new DateTime(2026, 11, 26));
        var day = Orders.Rows.Where(r => r.CreatedAt >= start && r.CreatedAt < end).ToList();
        Assert.AreEqual(day.Count, results.Single("volume_1d").Value);
        Assert.AreEqual(CheckStatus.Ok, results.Single("email_null_1d").Status);
        // One DAY partition read: 8 bytes per created_at, 2 + length per non-NULL email.
        Assert.AreEqual(day.Count * 8L + day.Where(r => r.Email is not null).Sum(r => 2L + r.Email!.Length), results.Single("volume_1d").BytesProcessed);
    }

    [TestMethod]
    public async Task TableRequiringAPartitionFilter_WholeTableScan_IsUnknownWithBigQuerysReason()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        emulator.Table("shop.orders", new EmulatedTable { PartitionColumn = "created_at", RequirePartitionFilter = true });
        var checks = """[{ "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        StringAssert.Contains(result.Message, "invalidQuery: Cannot query over table 'shop.orders' without a filter over column(s) 'created_at'");
    }

    [TestMethod]
    public async Task FilterThatDoesNotDryRunAsASelect_IsRefusedBeforeAnythingRuns()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init()) { StatementTypeOverride = "SCRIPT" };
        var checks = """[{ "name": "email_null_fr", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "filter": "country = 'FR'", "critical": { "max": 0.5 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("BigQueryException: refused: with its filter the query dry-runs as SCRIPT, not SELECT", result.Message);
        Assert.IsEmpty(emulator.Queries);
    }
}
