using System.Text.Json.Nodes;
using CustomerData.Checks;
using CustomerData.Checks.Loading;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

[TestClass]
public sealed class SchemaTests
{
    [TestMethod]
    public void CommittedSchema_MatchesTheModel()
    {
        var committed = File.ReadAllText(Path.Combine(Repository.Root, "checks.schema.json"));

        Assert.AreEqual(
            SchemaGenerator.Generate(Catalog.Default),
            committed,
            "checks.schema.json is out of date: run `dotnet run --project monitors -- schema --out checks.schema.json` and commit it");
    }

    [TestMethod]
    public void Schema_DescribesKindsDurationsAndForbidsUnknownFields()
    {
        var schema = JsonNode.Parse(SchemaGenerator.Generate(Catalog.Default))!;
        var kinds = schema["properties"]!["checks"]!["items"]!["anyOf"]!.AsArray();
        var freshness = kinds.Single(k => (string?)k!["properties"]!["type"]!["const"] == "freshness")!;

        Assert.AreEqual("string", (string?)freshness["properties"]!["critical_after"]!["type"]);
        Assert.AreEqual(Checks.Definitions.Duration.Pattern, (string?)freshness["properties"]!["critical_after"]!["pattern"]);
        Assert.IsFalse((bool)freshness["additionalProperties"]!);
        CollectionAssert.AreEquivalent(new[] { "name", "source", "table" }, freshness["required"]!.AsArray().Select(n => (string)n!).ToArray());
        CollectionAssert.AreEqual(new[] { "type" }, schema["properties"]!["checks"]!["items"]!["required"]!.AsArray().Select(n => (string)n!).ToArray());
        CollectionAssert.AreEquivalent(new[] { "freshness", "volume", "null_rate", "schema", "sql", "reconciliation", "uniqueness", "validity" }, kinds.Select(k => (string?)k!["properties"]!["type"]!["const"]).ToArray());
    }

    [TestMethod]
    public void RootChecksJson_PointsAtTheSchemaAndIsValid()
    {
        var result = new ConfigLoader(Catalog.Default, _ => null).LoadFile(Path.Combine(Repository.Root, "checks.json"));

        Assert.IsTrue(result.IsValid, string.Join("\n", result.Errors));
        Assert.AreEqual("./checks.schema.json", result.Config!.Schema);
    }
}
