using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.DynamoDb;

/// <summary>
/// A schema check on DynamoDB reads the attributes of a bounded sample (the first 100 items one scan returns) with
/// their DynamoDB types, names and types only, and compares them with "expect" like a table's columns.
/// </summary>
[TestClass]
public sealed class DynamoDbSchemaTests
{
    [TestMethod]
    public async Task TheAttributesOfTheFirstHundredItems_AreTheColumns_WithEveryTypeTheItemsHold()
    {
        var dynalite = await ProfilesTable.ReadyAsync();
        // The truth: the same first page read by the test's own client, attribute by attribute.
        var page = await dynalite.Client.ScanAsync(new ScanRequest { TableName = "profiles", Limit = 100 });
        var truth = page.Items.SelectMany(item => item.Select(pair => (pair.Key, Type: pair.Value.S is not null ? "S" : pair.Value.N is not null ? "N" : pair.Value.NULL == true ? "NULL" : "?")))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join('|', g.Select(p => p.Type).Distinct().Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        Assert.AreEqual("N|S", truth["created_s"], "the fixture stores created_s as text in some items and as a number in others");
        Assert.AreEqual("NULL|S", truth["email"]);

        var run = await DynamoDbRun.RunAsync("""
            [ { "name": "profiles_shape", "type": "schema", "source": "dyn", "table": "profiles",
                "expect": { "columns": { "id": "STRING", "updated_ms": "N", "created_s": "N", "email": "S", "phone": "S" }, "allow_extra": true } } ]
            """);

        var result = run["profiles_shape"];
        Assert.AreEqual(CheckStatus.Critical, result.Status, result.Message);
        Assert.AreEqual(
            $"profiles has {truth.Count} columns, not as expected: created_s is N|S, expected N; email is NULL|S, expected S; missing column phone (expected S); critical unless the 5 declared columns match (extra columns allowed)",
            result.Message);
        StringAssert.Contains(result.Cost!.Notes, "attributes of the first 100 items a scan returned (at most 100)");
        var scans = run.Wire.Of("Scan").ToList();
        Assert.HasCount(1, scans, "one page of 100 items");
        Assert.AreEqual(100, scans[0].Request.GetProperty("Limit").GetInt32());
        Assert.IsFalse(scans[0].Request.TryGetProperty("ProjectionExpression", out _));
        Assert.AreEqual(100, run.ItemsScanned);
        Assert.DoesNotContain("user", result.Message, "no attribute value leaves the source");
    }

    [TestMethod]
    public async Task AMatchingDeclaration_IsOk_AndTheWordsStandForDynamoDbTypes()
    {
        var run = await DynamoDbRun.RunAsync("""
            [ { "name": "profiles_keys", "type": "schema", "source": "dyn", "table": "profiles",
                "expect": { "columns": { "id": "string", "region": "S", "updated_ms": "NUMBER", "padding": "String" }, "allow_extra": true } } ]
            """);

        Assert.AreEqual(CheckStatus.Ok, run["profiles_keys"].Status, run["profiles_keys"].Message);
    }
}
