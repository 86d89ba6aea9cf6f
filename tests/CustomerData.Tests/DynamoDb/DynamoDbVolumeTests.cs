using CustomerData.Checks.Engine;

namespace CustomerData.Tests.DynamoDb;

[TestClass]
public sealed class DynamoDbVolumeTests
{
    private const string Common = "\"type\": \"volume\", \"source\": \"dyn\", \"critical\": { \"min\": 1 }";

    [TestMethod]
    public async Task Scan_CountsEveryItem_WithSelectCountOverParallelSegmentsAndManyPages()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "v", {{Common}}, "table": "profiles" }]""");

        Assert.AreEqual(ProfilesTable.Count, run["v"].Value);
        var scans = run.Wire.Of("Scan");
        Assert.IsTrue(scans.All(s => s.Request.GetProperty("Select").GetString() == "COUNT"));
        CollectionAssert.AreEquivalent(new[] { 0, 1, 2, 3 }, scans.Select(s => s.Request.GetProperty("Segment").GetInt32()).Distinct().ToArray());
        Assert.IsGreaterThan(4, scans.Count, "several MB take more than one 1 MB page per segment");
        Assert.AreEqual(scans.Sum(s => s.Units!.Value), run["v"].Cost!.ReadUnits!.Value, 1e-9, "the result carries what DynamoDB said the reads cost");
    }

    [TestMethod]
    [DataRow("updated_ms", "epoch_millis", "6h")]
    [DataRow("updated_iso", "iso8601", "1d")]
    [DataRow("created_s", "epoch_seconds", "7d")]
    public async Task Window_CountsTheItemsInIt_ThroughAFilterExpression(string attribute, string format, string window)
    {
        var span = Checks.Definitions.Duration.Parse(window).Value;
        var start = ProfilesTable.Now - span;
        var expected = attribute == "created_s"
            ? ProfilesTable.Rows.Count(r => !r.CreatedIsText && r.Created >= start && r.Created < ProfilesTable.Now)
            : ProfilesTable.Rows.Count(r => r.Updated >= start && r.Updated < ProfilesTable.Now);

        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "v", {{Common}}, "table": "profiles", "time_column": "{{attribute}}", "window": "{{window}}", "time_format": "{{format}}" }]""");

        Assert.AreEqual(expected, run["v"].Value, run["v"].Message);
        var scan = run.Wire.Of("Scan")[0].Request;
        Assert.AreEqual("#a0 >= :start AND #a0 < :end", scan.GetProperty("FilterExpression").GetString());
        Assert.AreEqual(ProfilesTable.Count, run.ItemsScanned, "a filter is applied after the read: the whole table is read and paid for");
    }

    [TestMethod]
    public async Task ConsistentRead_AsksEveryScanPageForIt()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "v", {{Common}}, "table": "profiles" }]""", sourceExtra: ", \"consistent_read\": true");

        // DynamoDB charges such reads twice; dynalite ignores ConsistentRead on Scan, so only the request is asserted.
        Assert.AreEqual(ProfilesTable.Count, run["v"].Value);
        Assert.IsTrue(run.Wire.Of("Scan").All(s => s.Request.GetProperty("ConsistentRead").GetBoolean()));
    }

    [TestMethod]
    public async Task Metadata_IsDescribeTableItemCount_NotAScan()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "v", {{Common}}, "table": "profiles", "mode": "metadata" }]""");

        // dynalite always reports ItemCount 0; DynamoDB refreshes it about every six hours.
        Assert.AreEqual(0, run["v"].Value);
        Assert.IsEmpty(run.Wire.Of("Scan"));
        Assert.HasCount(1, run.Wire.Of("DescribeTable"));
        Assert.AreEqual(0, run["v"].Cost!.ReadUnits);
        StringAssert.Contains(run["v"].Cost!.Notes, "DescribeTable ItemCount, which DynamoDB refreshes about every 6 hours");
    }

    [TestMethod]
    public async Task EmptyTable_HasNoItems_AndGoesCritical()
    {
        var run = await DynamoDbRun.RunAsync($$"""[{ "name": "v", {{Common}}, "table": "empty_profiles" }]""");

        Assert.AreEqual(0, run["v"].Value);
        Assert.AreEqual(CheckStatus.Critical, run["v"].Status);
    }
}
