using CustomerData.Checks.Engine;

namespace CustomerData.Tests.DynamoDb;

[TestClass]
public sealed class DynamoDbFreshnessTests
{
    private const string Common = "\"type\": \"freshness\", \"source\": \"dyn\", \"table\": \"profiles\", \"critical_after\": \"1h\"";

    private static double Lag(DateTimeOffset newest) => (ProfilesTable.Now - newest).TotalSeconds;

    [TestMethod]
    [DataRow("updated_ms", "epoch_millis")]
    [DataRow("updated_iso", "iso8601")]
    public async Task Scan_FindsTheNewestItem_InEitherTimeFormat(string attribute, string format)
    {
        var newest = ProfilesTable.Rows.Max(r => r.Updated);

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "f", {{Common}}, "column": "{{attribute}}", "time_format": "{{format}}" }]""");

        var result = run["f"];
        Assert.AreEqual(Lag(newest), result.Value!.Value, 1e-6, result.Message);
        Assert.AreEqual(CheckStatus.Ok, result.Status);
        Assert.AreEqual(ProfilesTable.Count, run.ItemsScanned, "a freshness scan without an index reads every item");
        Assert.IsGreaterThan(0.0, result.Cost!.ReadUnits!.Value);
    }

    [TestMethod]
    public async Task Scan_OnEpochSeconds_IgnoresItemsWrittenInAnotherFormat_AndSaysHowMany()
    {
        var readable = ProfilesTable.Rows.Where(r => !r.CreatedIsText).ToList();
        var newest = DateTimeOffset.FromUnixTimeSeconds(readable.Max(r => r.Created.ToUnixTimeSeconds()));
        var broken = ProfilesTable.Rows.Count(r => r.CreatedIsText);

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "f", {{Common}}, "column": "created_s", "time_format": "epoch_seconds" }]""");

        Assert.AreEqual(Lag(newest), run["f"].Value!.Value, 1e-6);
        StringAssert.Contains(run["f"].Cost!.Notes, $"{broken} items had created_s in another form than epoch_seconds and were ignored");
    }

    [TestMethod]
    public async Task Index_QueriesOneItemPerPartition_AndScansNothing()
    {
        var newest = ProfilesTable.Rows.Max(r => r.Updated);

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "f", {{Common}}, "column": "updated_iso", "time_format": "iso8601", "index": "by_region_updated", "partition_key_values": ["eu", "us", "ap"] }]""");

        Assert.AreEqual(Lag(newest), run["f"].Value!.Value, 1e-6, run["f"].Message);
        Assert.IsEmpty(run.Wire.Of("Scan"));
        var queries = run.Wire.Of("Query");
        Assert.HasCount(3, queries);
        Assert.IsTrue(queries.All(q => !q.Request.GetProperty("ScanIndexForward").GetBoolean() && q.Request.GetProperty("Limit").GetInt32() == 1));
        StringAssert.Contains(run["f"].Cost!.Notes, "newest updated_iso from index by_region_updated: one Query per partition key value (3)");
    }

    [TestMethod]
    public async Task SparseIndex_WithOneConstantPartition_SeesOnlyTheItemsInIt()
    {
        var newest = ProfilesTable.Rows.Where(r => r.InSparseIndex).Max(r => r.Updated);

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "f", {{Common}}, "column": "updated_ms", "time_format": "epoch_millis", "index": "by_all_updated", "partition_key_values": ["all"] }]""");

        Assert.AreEqual(Lag(newest), run["f"].Value!.Value, 1e-6, run["f"].Message);
        Assert.HasCount(1, run.Wire.Of("Query"));
    }

    [TestMethod]
    public async Task Index_NotSortedByTheColumn_IsUnknownSayingSo()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "f", {{Common}}, "column": "updated_ms", "time_format": "epoch_millis", "index": "by_region_updated", "partition_key_values": ["eu"] }]""");

        Assert.AreEqual(CheckStatus.Unknown, run["f"].Status);
        StringAssert.Contains(run["f"].Message, "index \"by_region_updated\" of table \"profiles\" sorts by \"updated_iso\", not by \"updated_ms\"");
    }

    [TestMethod]
    public async Task EmptyTable_IsUnknown()
    {
        var run = await DynamoDbRun.RunAsync("""[{ "name": "f", "type": "freshness", "source": "dyn", "table": "empty_profiles", "critical_after": "1h", "column": "updated_ms", "time_format": "epoch_millis" }]""");

        Assert.AreEqual(CheckStatus.Unknown, run["f"].Status);
        StringAssert.StartsWith(run["f"].Message, "no rows with a updated_ms value");
    }
}
