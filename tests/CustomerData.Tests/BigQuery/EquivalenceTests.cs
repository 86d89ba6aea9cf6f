using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class EquivalenceTests
{
    private static readonly OrdersTable Orders = new(3_000, seed: 11);

    private const string Checks = """
        [
          { "name": "fresh_fr", "type": "freshness", "source": "SOURCE", "table": "shop.orders", "column": "created_at", "filter": "country = 'FR'", "warn_after": "1h", "critical_after": "1d" },
          { "name": "fresh_shipped", "type": "freshness", "source": "SOURCE", "table": "shop.orders", "column": "shipped_at", "warn_after": "2h", "critical_after": "6h" },
          { "name": "volume_yesterday", "type": "volume", "source": "SOURCE", "table": "shop.orders", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "warn": { "min": 900 }, "critical": { "min": 500, "max": 1200 } },
          { "name": "volume_trailing_de", "type": "volume", "source": "SOURCE", "table": "shop.orders", "time_column": "created_at", "window": "6h", "filter": "country = 'DE'", "critical": { "min": 1 } },
          { "name": "email_null_fr_1d", "type": "null_rate", "source": "SOURCE", "table": "shop.orders", "column": "email", "filter": "country = 'FR'", "time_column": "created_at", "window": "1d", "warn": { "max": 0.05 }, "critical": { "max": 0.2 } },
          { "name": "shipped_null", "type": "null_rate", "source": "SOURCE", "table": "shop.orders", "column": "shipped_at", "warn": { "max": 0.1 }, "critical": { "max": 0.5 } }
        ]
        """;

    [TestMethod]
    public async Task SameChecksOnTheSameData_GiveTheSameResultsThroughBigQueryAndDuckDb()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var duck = await Runs.RunAsync(Configs.InMemory(Orders.Init(), Checks.Replace("SOURCE", "mem"), """{ "timezone": "Europe/Paris" }"""), new FakeTimeProvider(OrdersTable.Now));

        var bigQuery = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Checks.Replace("SOURCE", "bq"), defaultsJson: """{ "timezone": "Europe/Paris" }"""), OrdersTable.Now);

        Assert.HasCount(6, bigQuery);
        foreach (var (expected, actual) in duck.Zip(bigQuery))
        {
            Assert.AreEqual(expected.Check.Name, actual.Check.Name);
            Assert.AreEqual(expected.Status, actual.Status, actual.Check.Name + ": " + actual.Message);
            Assert.AreEqual(expected.Value, actual.Value, actual.Check.Name);
            Assert.AreEqual(expected.Message, actual.Message, actual.Check.Name);
        }

        // Each check's truth, computed over the rows in C#, so both paths are right and not merely alike.
        var newestFr = Orders.Rows.Where(r => r.Country == "FR").Max(r => r.CreatedAt);
        Assert.AreEqual((OrdersTable.Now - new DateTimeOffset(newestFr, TimeSpan.Zero)).TotalSeconds, bigQuery.Single("fresh_fr").Value!.Value, 1e-6);
        var (start, end) = (new DateTime(2026, 11, 24, 23, 0, 0), new DateTime(2026, 11, 25, 23, 0, 0));
        Assert.AreEqual(Orders.Rows.Count(r => r.CreatedAt >= start && r.CreatedAt < end), bigQuery.Single("volume_yesterday").Value);
        Assert.AreEqual((double)Orders.Rows.Count(r => r.ShippedAt is null) / Orders.Rows.Count, bigQuery.Single("shipped_null").Value!.Value, 1e-12);
        Assert.IsTrue(bigQuery.Select(r => r.Status).Distinct().Count() > 1, "the fixture should exercise more than one status");
    }

    [TestMethod]
    public async Task EveryScanResult_CarriesBytesProcessedBilledAndTheQueryReference()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());

        var results = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Checks.Replace("SOURCE", "bq")), OrdersTable.Now);

        foreach (var result in results)
        {
            Assert.IsGreaterThan(0L, result.BytesProcessed ?? 0, result.Check.Name);
            Assert.AreEqual(10L << 20, result.Cost!.BytesBilled, result.Check.Name);
            Assert.HasCount(1, result.Cost.JobIds, result.Check.Name);
            StringAssert.StartsWith(result.Cost.JobIds[0], "query:", "a short query runs without a job and is named by its query id");
        }

        Assert.HasCount(1, emulator.Queries, "six checks on one table are one query");
    }
}
