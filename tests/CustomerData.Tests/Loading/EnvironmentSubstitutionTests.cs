using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

[TestClass]
public sealed class EnvironmentSubstitutionTests
{
    private const string Json = """
        {
          "sources": { "db": { "type": "duckdb", "path": "${DB_DIR:-/var/data}/${DB_FILE}" } },
          "checks": [ { "name": "a", "type": "freshness", "source": "db", "table": "${SCHEMA:-sales}.orders", "column": "c", "critical_after": "${LAG:-6h}" } ]
        }
        """;

    [TestMethod]
    public void SetVariables_AreSubstitutedAndDefaultsFillTheRest()
    {
        var config = Configs.Valid(Json, new Dictionary<string, string> { ["DB_FILE"] = "wh.duckdb", ["LAG"] = "90m" });

        Assert.AreEqual("/var/data/wh.duckdb", ((DuckDbSourceDefinition)config.Sources["db"]).Path);
        Assert.AreEqual("sales.orders", config.Checks[0].Table);
        Assert.AreEqual(TimeSpan.FromMinutes(90), ((Checks.Definitions.FreshnessCheckDefinition)config.Checks[0]).CriticalAfter!.Value.Value);
    }

    [TestMethod]
    public void UnsetVariableWithoutDefault_IsAnErrorAtItsPath()
    {
        var error = Configs.Load(Json).Errors.Single();

        Assert.AreEqual("$.sources.db.path", error.Path);
        Assert.AreEqual(2, error.Line);
        Assert.AreEqual("environment variable DB_FILE is not set", error.Message);
    }

    [TestMethod]
    public void SubstitutedValue_IsValidatedLikeAWrittenOne()
    {
        var error = Configs.Load(Json, new Dictionary<string, string> { ["DB_FILE"] = "x", ["SCHEMA"] = "sales;drop" }).Errors.Single();

        Assert.AreEqual("$.checks[0].table", error.Path);
        Assert.AreEqual("invalid table name \"sales;drop.orders\"", error.Message);
    }
}
