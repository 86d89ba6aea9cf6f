using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class MetadataModeTests
{
    private static readonly OrdersTable Orders = new(1_000, seed: 9);
    private static readonly DateTimeOffset Modified = OrdersTable.Now.AddMinutes(-95);

    private static BigQueryEmulator Emulator()
    {
        var emulator = new BigQueryEmulator([.. Orders.Init(), "CREATE TABLE shop.returns AS SELECT id, created_at FROM shop.orders WHERE id % 10 = 0"]);
        emulator.Table("shop.orders", new EmulatedTable { LastModified = Modified, PartitionColumn = "created_at" });
        emulator.Table("shop.returns", new EmulatedTable { LastModified = Modified, PartitionColumn = "created_at" });
        return emulator;
    }

    [TestMethod]
    public async Task MetadataFreshnessAndVolume_IssueNoJobsQueryAtAll()
    {
        await using var emulator = Emulator();
        var checks = """
            [
              { "name": "orders_fresh", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "created_at", "mode": "metadata", "warn_after": "1h", "critical_after": "6h" },
              { "name": "orders_rows", "type": "volume", "source": "bq", "table": "shop.orders", "mode": "metadata", "critical": { "min": 1 } }
            ]
            """;

        var results = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now);

        Assert.IsEmpty(emulator.Requests.Where(r => r.IsQuery || r.IsDryRun).ToList(), "metadata checks read tables.get only");
        Assert.HasCount(1, emulator.Requests.Where(r => r.IsTablesGet).ToList());
        Assert.AreEqual(95 * 60, results.Single("orders_fresh").Value);
        Assert.AreEqual(CheckStatus.Warning, results.Single("orders_fresh").Status);
        StringAssert.StartsWith(results.Single("orders_fresh").Message, "the table was last modified 1h35m old");
        Assert.AreEqual(Orders.Rows.Count, results.Single("orders_rows").Value);
        Assert.AreEqual(0L, results.Single("orders_rows").BytesProcessed);
    }

    [TestMethod]
    public async Task StreamingBuffer_AddsItsEstimatedRows_AndItsOldestEntryCountsAsAnArrival()
    {
        await using var emulator = Emulator();
        emulator.Table("shop.orders", new EmulatedTable { LastModified = Modified, StreamingRows = 42, StreamingOldest = OrdersTable.Now.AddMinutes(-3) });
        var checks = """
            [
              { "name": "orders_fresh", "type": "freshness", "source": "bq", "table": "shop.orders", "column": "created_at", "mode": "metadata", "critical_after": "1h" },
              { "name": "orders_rows", "type": "volume", "source": "bq", "table": "shop.orders", "mode": "metadata", "critical": { "min": 1 } }
            ]
            """;

        var results = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now);

        Assert.AreEqual(180, results.Single("orders_fresh").Value);
        Assert.AreEqual(Orders.Rows.Count + 42, results.Single("orders_rows").Value);
        Assert.AreEqual("numRows 1,000 plus about 42 rows in the streaming buffer (BigQuery's estimate)", results.Single("orders_rows").Cost!.Notes);
    }

    [TestMethod]
    public async Task WindowedMetadataVolume_SumsWholePartitions_OnePartitionsQueryPerDataset()
    {
        await using var emulator = Emulator();
        var checks = """
            [
              { "name": "orders_yesterday", "type": "volume", "source": "bq", "table": "shop.orders", "mode": "metadata", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "min": 1 } },
              { "name": "returns_yesterday", "type": "volume", "source": "bq", "table": "shop.returns", "mode": "metadata", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "min": 1 } }
            ]
            """;

        var results = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now);

        Assert.AreNotEqual(CheckStatus.Unknown, results.Single("orders_yesterday").Status, results.Single("orders_yesterday").Message);
        var (start, end) = (new DateTime(2026, 11, 25), new DateTime(2026, 11, 26));
        Assert.AreEqual(Orders.Rows.Count(r => r.CreatedAt >= start && r.CreatedAt < end), results.Single("orders_yesterday").Value);
        Assert.AreEqual(Orders.Rows.Count(r => r.Id % 10 == 0 && r.CreatedAt >= start && r.CreatedAt < end), results.Single("returns_yesterday").Value);
        var query = emulator.Queries.Single();
        StringAssert.Contains(query.Body, "FROM `test-project.shop.INFORMATION_SCHEMA.PARTITIONS`\\nWHERE table_name IN (@t0, @t1)");
        Assert.AreEqual(10L << 20, results.Single("orders_yesterday").Cost!.BytesBilled, "INFORMATION_SCHEMA bills its 10 MB minimum once");
    }

    [TestMethod]
    public async Task WindowedMetadataVolume_WindowCuttingPartitions_IsUnknownWithWhatToDo()
    {
        await using var emulator = Emulator();
        var checks = """[{ "name": "orders_24h", "type": "volume", "source": "bq", "table": "shop.orders", "mode": "metadata", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        StringAssert.Contains(result.Message, "cuts through DAY partitions: metadata counts whole partitions");
        Assert.IsEmpty(emulator.Queries);
    }
}
