using System.Globalization;
using System.Text.Json.Nodes;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Tests.BigQuery;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.DynamoDb;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Kinds.Reconciliation;

/// <summary>DynamoDB (dynalite) against the loopback BigQuery emulator: the exact GoogleSQL, the truth, the byte caps.</summary>
[TestClass]
public sealed class ReconciliationBigQueryTests
{
    private static CopiedOrders Orders => ReconciliationDynamoDbTests.Orders;

    private static string Check(string extra) => $$"""
        [ { "name": "orders_in_bigquery", "type": "reconciliation",
            "left": { "source": "dyn", "table": "{{ReconciliationDynamoDbTests.OrdersTable}}", "time_column": "created_ms", "time_format": "epoch_millis" },
            "right": { "source": "bq", "table": "shop.orders_copy", "time_column": "created_at" },
            "window": "1d", "lag": "2h", "critical": { "max": 0.001 }{{extra}} } ]
        """;

    [TestMethod]
    public async Task DynamoDbToBigQuery_CountsTheShareMissing_AndLooksTheSampleUpInOneCappedJob()
    {
        await using var emulator = new BigQueryEmulator(Init());
        var result = (await RunAsync(emulator, Check(", \"maximum_bytes_billed\": \"20MB\", \"keys\": { \"left\": \"id\", \"right\": \"id\", \"sample\": 5000 }"))).Single();

        var share = (double)(Orders.LeftCount - Orders.RightCount) / Orders.LeftCount;
        Assert.AreEqual(share, result.Value!.Value, 1e-12, result.Message);
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        StringAssert.StartsWith(result.Message, string.Create(CultureInfo.InvariantCulture,
            $"shop.orders_copy (bq) has {Orders.RightCount:#,0} of {Orders.LeftCount:#,0} rows of recon_orders (dyn) in 2026-11-30 08:30 to 2026-12-01 08:30 (UTC) (lag 2h): {share * 100:0.###}% missing; critical above 0.1%; key sample: {Orders.MissingKeys.Count} of {Orders.LeftCount:#,0} sampled id of the left are missing on the right (id): "));

        var queries = emulator.Queries.Select(q => JsonNode.Parse(q.Body)!).ToList();
        Assert.HasCount(2, queries, "the right's measurement, then one lookup job for every sampled key");
        Assert.AreEqual(
            "SELECT\n  COUNTIF(`created_at` >= @p0 AND `created_at` < @p1) AS m0\nFROM `test-project.shop.orders_copy`\nWHERE `created_at` >= @p0 AND `created_at` < @p1",
            (string)queries[0]["query"]!);
        var keys = string.Join(", ", Enumerable.Range(0, Orders.LeftCount).Select(i => $"@k{i}"));
        Assert.AreEqual(
            $"SELECT DISTINCT CAST(`id` AS STRING) AS k\nFROM `test-project.shop.orders_copy`\nWHERE CAST(`id` AS STRING) IN ({keys}) AND `id` IS NOT NULL AND `created_at` >= @p0 AND `created_at` < @p1",
            (string)queries[1]["query"]!);
        Assert.AreEqual("2026-11-30 08:30:00.000000+00:00", (string)queries[1]["queryParameters"]![0]!["parameterValue"]!["value"]!);
        Assert.AreEqual("STRING", (string)queries[1]["queryParameters"]![2]!["parameterType"]!["type"]!);
        Assert.IsTrue(queries.All(q => (string)q["maximumBytesBilled"]! == "20000000"), "both jobs carry the check's cap");
        Assert.IsTrue(queries.All(q => (string)q["labels"]!["check"]! == "orders_in_bigquery"));
        Assert.HasCount(2, result.Cost!.JobIds, "the measurement's job and the lookup's");
    }

    [TestMethod]
    public async Task BigQuerySideOverItsCap_MakesTheCheckUnknownUnbilled_AndNoKeyIsLookedUp()
    {
        await using var emulator = new BigQueryEmulator(Init());
        var result = (await RunAsync(emulator, Check(", \"maximum_bytes_billed\": \"1MB\", \"keys\": { \"left\": \"id\", \"right\": \"id\" }"))).Single();

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("BigQueryException: bytes-billed cap reached: the query needs 10,485,760 bytes (10 MiB), cap is 1,000,000 bytes (976.56 KiB) (maximum_bytes_billed); nothing was billed", result.Message);
        Assert.HasCount(1, emulator.Queries, "an UNKNOWN check is not followed up");
    }

    private static IEnumerable<string> Init() => ["CREATE SCHEMA shop", .. CopiedOrders.Init("shop.orders_copy", Orders.Right, "TIMESTAMP", "DECIMAL(12,2)")];

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(BigQueryEmulator emulator, string checks)
    {
        var dynalite = await ReconciliationDynamoDbTests.Loaded.Value;
        var config = Configs.Valid($$"""
            {
              "defaults": { "timezone": "UTC" },
              "sources": {
                "dyn": { "type": "dynamodb", "region": "{{Dynalite.Region}}", "endpoint": "{{dynalite.Endpoint}}", "max_read_units_per_second": 100000 },
                "bq": { "type": "bigquery", "project": "{{emulator.Project}}", "location": "{{emulator.Location}}", "endpoint": "{{emulator.Endpoint}}" }
              },
              "checks": {{checks}}
            }
            """);
        var catalog = new Catalog(Catalog.Default.CheckKinds, [new DuckDbSourceKind(), BigQueryHarness.Catalog.SourceKinds[1], new DynamoDbSourceKind(new TestClients(new WireLog()))]);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", TimeProvider.System));
        return await new CheckEngine(catalog, sources, new StoppedClock(CopiedOrders.Now)).RunAsync(config, config.Checks, CancellationToken.None);
    }
}
