using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Tests.DynamoDb;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds.Reconciliation;

/// <summary>
/// DynamoDB (dynalite) against DuckDB, both ways, with time formats that differ between the sides (epoch_millis and
/// iso8601 attributes against TIMESTAMP columns): truth from the generated rows, reads through the budget.
/// </summary>
[TestClass]
public sealed class ReconciliationDynamoDbTests
{
    internal const string OrdersTable = "recon_orders";
    private const string CopyTable = "recon_orders_copy";
    internal static readonly CopiedOrders Orders = new(count: 1_500, seed: 51);
    internal static readonly Lazy<Task<Dynalite>> Loaded = new(LoadAsync);

    [TestMethod]
    public async Task DynamoDbLeft_EpochMillis_AgainstDuckDbTimestamps_CountsSumsAndSamplesKeysWithinTheBudget()
    {
        var run = await RunAsync($$"""
            [
              { "name": "copied", "type": "reconciliation",
                "left": { "source": "dyn", "table": "{{OrdersTable}}", "time_column": "created_ms", "time_format": "epoch_millis" },
                "right": { "source": "wh", "table": "orders_copy", "time_column": "created_at" },
                "window": "1d", "lag": "2h", "critical": { "max": 0.001 },
                "keys": { "left": "id", "right": "id", "sample": 20 } },
              { "name": "amount_copied", "type": "reconciliation", "compare": "sum",
                "left": { "source": "dyn", "table": "{{OrdersTable}}", "time_column": "created_ms", "time_format": "epoch_millis", "column": "amount" },
                "right": { "source": "wh", "table": "orders_copy", "time_column": "created_at", "column": "amount" },
                "window": "1d", "lag": "2h", "critical": { "max": 0.001 } }
            ]
            """);

        var count = run.Results[0];
        Assert.AreEqual((double)(Orders.LeftCount - Orders.RightCount) / Orders.LeftCount, count.Value!.Value, 1e-12, count.Message);
        Assert.AreEqual((double)((Orders.LeftSum - Orders.RightSum) / Orders.LeftSum), run.Results[1].Value!.Value, 1e-9, run.Results[1].Message);
        var shared = run.Wire.Of("Scan").Where(s => !s.Request.TryGetProperty("ProjectionExpression", out var p) || p.GetString() != "#k").ToList();
        Assert.AreEqual(4, shared.Count(s => !s.Request.TryGetProperty("ExclusiveStartKey", out _)), "one scan of the table (4 segments) serves both checks");

        // The key sample: one sequential scan of the key filtered to the window, stopped once it had 20 keys.
        var sampleScans = run.Wire.Of("Scan").Where(s => s.Request.TryGetProperty("ProjectionExpression", out var p) && p.GetString() == "#k").ToList();
        Assert.IsNotEmpty(sampleScans);
        Assert.AreEqual("#t >= :start AND #t < :end", sampleScans[0].Request.GetProperty("FilterExpression").GetString());
        Assert.AreEqual(CopiedOrders.Span.Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), sampleScans[0].Request.GetProperty("ExpressionAttributeValues").GetProperty(":start").GetProperty("N").GetString());
        var match = System.Text.RegularExpressions.Regex.Match(count.Message, "; key sample: ([0-9]+) of 20 sampled id of the left are missing on the right \\(id\\)(: (.*))?$");
        Assert.IsTrue(match.Success, count.Message);
        foreach (var key in match.Groups[3].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(key.Trim('"'), Orders.MissingKeys);
        }

        Assert.AreEqual(run.Wire.Calls.Sum(c => c.Units ?? 0), run.SourceUnits, 1e-9, "every read, the key sample's too, went through the source's budget");
        Assert.AreEqual(sampleScans.Sum(c => c.Units ?? 0), count.Cost!.ReadUnits!.Value - run.Results[1].Cost!.ReadUnits!.Value, 1e-9, "the key sample's units are on the result, beside the shared scan's");
    }

    [TestMethod]
    public async Task DuckDbLeft_AgainstDynamoDbIso8601_LooksKeysUpWithBatchGetItem_InTheRightsWindowOnly()
    {
        var run = await RunAsync($$"""
            [ { "name": "copied", "type": "reconciliation",
                "left": { "source": "wh", "table": "orders", "time_column": "created_at" },
                "right": { "source": "dyn", "table": "{{CopyTable}}", "time_column": "created_iso", "time_format": "iso8601" },
                "window": "1d", "lag": "2h", "critical": { "max": 0.001 },
                "keys": { "left": "id", "right": "id", "sample": 5000 } } ]
            """);

        // DynamoDB holds each key once: the copy's duplicates collapse there.
        var right = Orders.Right.DistinctBy(o => o.Id).Count(CopiedOrders.InSpan);
        var result = run.Results.Single();
        Assert.AreEqual((double)(Orders.LeftCount - right) / Orders.LeftCount, result.Value!.Value, 1e-12, result.Message);
        StringAssert.Contains(result.Message, string.Create(CultureInfo.InvariantCulture, $"; key sample: {Orders.MissingKeys.Count} of {Orders.LeftCount:#,0} sampled id of the left are missing on the right (id): "));
        var batches = run.Wire.Of("BatchGetItem");
        Assert.AreEqual((Orders.LeftCount + 99) / 100, batches.Count, "100 keys a request, nothing left unprocessed on dynalite");
        var first = batches[0].Request.GetProperty("RequestItems").GetProperty(CopyTable);
        Assert.AreEqual("#k, #t", first.GetProperty("ProjectionExpression").GetString(), "keys and the window's attribute only");
        Assert.AreEqual("N", first.GetProperty("Keys")[0].GetProperty("id").EnumerateObject().Single().Name, "the table's key type, from DescribeTable");
        Assert.AreEqual(run.Wire.Calls.Sum(c => c.Units ?? 0), run.SourceUnits, 1e-9);
    }

    [TestMethod]
    public async Task KeySample_OnAWindowThatMatchesNothing_StopsAfterAHundredItemsPerKeyAskedFor()
    {
        // created_ms is a number: read as iso8601 text no item is in the window, so a sample of 3 finds no key.
        var run = await RunAsync($$"""
            [ { "name": "copied", "type": "reconciliation",
                "left": { "source": "dyn", "table": "{{OrdersTable}}", "time_column": "created_ms", "time_format": "iso8601" },
                "right": { "source": "dyn", "table": "{{CopyTable}}", "time_column": "created_ms", "time_format": "iso8601" },
                "window": "1d", "critical": { "max": 0.001 }, "keys": { "left": "id", "right": "id", "sample": 3, "always": true } } ]
            """, budget: 20);

        var result = run.Results.Single();
        Assert.AreEqual(CheckStatus.Ok, result.Status, "nothing on either side: nothing missing, and \"always\" samples anyway");
        var sampled = run.Wire.Of("Scan").Where(s => s.Request.TryGetProperty("ProjectionExpression", out var p) && p.GetString() == "#k").ToList();
        var scanned = sampled.Sum(s => s.Scanned ?? 0);
        Assert.AreEqual(300, scanned, "pages of about one second of budget, the last one cut to the bound of 3 × 100 items");
        Assert.AreEqual(40, sampled[0].Request.GetProperty("Limit").GetInt32(), "the first page: 20 units per second at 0.5 unit per item");
        StringAssert.EndsWith(result.Message, string.Create(CultureInfo.InvariantCulture, $"; key sample: the left has no id in the window (the scan stopped after reading {scanned:#,0} items, 100 per key asked for)"));
    }

    private sealed record Run(IReadOnlyList<CheckResult> Results, WireLog Wire, double SourceUnits);

    private static async Task<Run> RunAsync(string checks, double budget = 1_000_000)
    {
        var dynalite = await Loaded.Value;
        var wire = new WireLog();
        var config = Configs.Valid($$"""
            {
              "defaults": { "timezone": "UTC" },
              "sources": {
                "dyn": { "type": "dynamodb", "region": "{{Dynalite.Region}}", "endpoint": "{{dynalite.Endpoint}}", "max_read_units_per_second": {{budget.ToString(CultureInfo.InvariantCulture)}} },
                "wh": { "type": "duckdb", "path": ":memory:", "init": {{JsonSerializer.Serialize(CopiedOrders.Init("orders", Orders.Left, "TIMESTAMP", "DOUBLE").Concat(CopiedOrders.Init("orders_copy", Orders.Right, "TIMESTAMP", "DECIMAL(12,2)")))}} }
              },
              "checks": {{checks}}
            }
            """);
        var catalog = new Catalog(Catalog.Default.CheckKinds, [new DuckDbSourceKind(), new DynamoDbSourceKind(new TestClients(wire))]);
        await using var sources = DataSources.Open(config, catalog, new SourceEnvironment(".", TimeProvider.System));
        var results = await new CheckEngine(catalog, sources, new FakeTimeProvider(CopiedOrders.Now)).RunAsync(config, config.Checks, CancellationToken.None);
        return new Run(results, wire, ((DynamoDbSource)sources["dyn"]).Budget.Consumed);
    }

    private static async Task<Dynalite> LoadAsync()
    {
        var dynalite = await Dynalite.RequireAsync();
        foreach (var (table, rows) in new[] { (OrdersTable, Orders.Left), (CopyTable, Orders.Right.DistinctBy(o => o.Id).ToList()) })
        {
            await ProfilesTable.CreateAsync(dynalite.Client, new CreateTableRequest
            {
                TableName = table,
                KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.N)],
                ProvisionedThroughput = new ProvisionedThroughput(10_000, 10_000),
            });
            foreach (var chunk in rows.Chunk(25))
            {
                var pending = new Dictionary<string, List<WriteRequest>> { [table] = [.. chunk.Select(o => new WriteRequest(new PutRequest(Item(o))))] };
                while (pending.Count > 0)
                {
                    var response = await dynalite.Client.BatchWriteItemAsync(new BatchWriteItemRequest(pending));
                    pending = response.UnprocessedItems is { Count: > 0 } left ? left : [];
                }
            }
        }

        return dynalite;
    }

    private static Dictionary<string, AttributeValue> Item(CopiedOrders.Order order) => new()
    {
        ["id"] = new() { N = CopiedOrders.Key(order.Id) },
        ["created_ms"] = new() { N = order.Created.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
        ["created_iso"] = new() { S = ProfilesTable.Iso(order.Created) },
        ["amount"] = new() { N = order.Amount.ToString(CultureInfo.InvariantCulture) },
    };
}
