using CustomerData.Checks;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Kinds.Reconciliation;

/// <summary>A reconciliation names its tables per side: each side is validated by its own source, at its own path.</summary>
[TestClass]
public sealed class ReconciliationValidationTests
{
    // The check under test sits alone on line 8.
    private static string WithCheck(string check) => $$"""
        {
          "sources": {
            "db": { "type": "duckdb", "path": ":memory:" },
            "profiles": { "type": "dynamodb", "region": "eu-west-1", "max_read_units_per_second": 50 },
            "warehouse": { "type": "bigquery", "project": "acme-analytics", "location": "EU" }
          },
          "checks": [
            {{check}}
          ]
        }
        """;

    private const string Head = "\"name\": \"copied\", \"type\": \"reconciliation\", ";
    private const string Good = Head + "\"left\": { \"source\": \"profiles\", \"table\": \"customer_profiles\", \"time_column\": \"updated_at\", \"time_format\": \"iso8601\" }, "
        + "\"right\": { \"source\": \"warehouse\", \"table\": \"crm.customer_profiles\", \"time_column\": \"updated_at\" }, "
        + "\"window\": \"1d\", \"window_alignment\": \"complete\", \"lag\": \"2h\", \"compare\": \"count\", \"warn\": { \"max\": 0.001 }, \"critical\": { \"max\": 0.01 }";

    [TestMethod]
    public void TheIssuesExample_IsValid_AndFilesTheCheckUnderItsLeftSide()
    {
        var config = Configs.Valid(WithCheck("{" + Good + ", \"keys\": { \"left\": \"customer_id\", \"right\": \"customer_id\", \"sample\": 1000 } }"));

        Assert.AreEqual("profiles", config.Checks[0].Source);
        Assert.AreEqual("customer_profiles", config.Checks[0].Table);
    }

    [TestMethod]
    [DataRow("{" + Good + ", \"source\": \"db\"}", "$.checks[0].source", "unknown field \"source\"")]
    [DataRow("{" + Good + ", \"filter\": \"a = 1\"}", "$.checks[0].filter", "a reconciliation filters each side on its own")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"profiles\", \"table\": \"customer_profiles\", \"time_column\": \"updated_at\" }, \"right\": { \"source\": \"db\", \"table\": \"t\", \"time_column\": \"updated_at\" }, \"window\": \"1d\", \"critical\": { \"max\": 0.01 } }",
        "$.checks[0].left", "\"time_format\" is required: DynamoDB has no timestamp type")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\" }, \"right\": { \"source\": \"dbb\", \"table\": \"t\" }, \"critical\": { \"max\": 0.01 } }",
        "$.checks[0].right.source", "unknown source \"dbb\"")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\" }, \"right\": { \"source\": \"warehouse\", \"table\": \"t\" }, \"critical\": { \"max\": 0.01 } }",
        "$.checks[0].right.table", "a BigQuery table is \"dataset.table\", not \"t\"")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\", \"filter\": \"read_csv('x') IS NULL\" }, \"right\": { \"source\": \"db\", \"table\": \"u\" }, \"critical\": { \"max\": 0.01 } }",
        "$.checks[0].left.filter", "the filter calls read_csv")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"profiles\", \"table\": \"customer_profiles\" }, \"right\": { \"source\": \"db\", \"table\": \"t\", \"column\": \"amount\" }, \"compare\": \"sum\", \"critical\": { \"max\": 0.01 } }",
        "$.checks[0].left", "\"column\" is required with \"compare\": \"sum\"")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\", \"time_column\": \"a\" }, \"right\": { \"source\": \"db\", \"table\": \"u\", \"time_column\": \"a\" }, \"compare\": \"freshness_lag\", \"critical_after\": \"1h\", \"critical\": { \"max\": 0.01 } }",
        "$.checks[0]", "\"warn\" and \"critical\" bound the missing share")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\" }, \"right\": { \"source\": \"db\", \"table\": \"u\" } }",
        "$.checks[0]", "a reconciliation needs \"warn\" or \"critical\" bounds")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\" }, \"right\": { \"source\": \"db\", \"table\": \"u\" }, \"lag\": \"2h\", \"critical\": { \"max\": 0.01 } }",
        "$.checks[0].lag", "\"lag\" shifts the window, and there is none")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\" }, \"right\": { \"source\": \"db\", \"table\": \"u\" }, \"critical\": { \"max\": 0.01 }, \"keys\": { \"left\": \"id\", \"right\": \"id\", \"sample\": 0 } }",
        "$.checks[0].keys.sample", "sample is 0")]
    [DataRow("{" + Head + "\"left\": { \"source\": \"db\", \"table\": \"t\" }, \"critical\": { \"max\": 0.01 } }",
        "$.checks[0]", "missing required field \"right\"")]
    public void OneMistake_IsReportedAtItsSide(string check, string path, string message)
    {
        var result = Configs.Load(WithCheck(check));

        Assert.IsFalse(result.IsValid);
        var error = result.Errors.Single();
        Assert.AreEqual(path, error.Path, error.ToString());
        Assert.AreEqual(8, error.Line);
        Assert.StartsWith(message, error.Message);
    }

    [TestMethod]
    public void EveryOtherKind_StillRequiresSourceAndTable_InTheLoaderAndTheSchema()
    {
        var error = Configs.Load(WithCheck("{\"name\": \"a\", \"type\": \"volume\", \"table\": \"t\", \"critical\": {\"min\": 1}}")).Errors.Single();
        Assert.AreEqual("missing required field \"source\"", error.Message);

        var schema = System.Text.Json.Nodes.JsonNode.Parse(SchemaGenerator.Generate(Catalog.Default))!;
        var kinds = schema["properties"]!["checks"]!["items"]!["anyOf"]!.AsArray();
        foreach (var kind in kinds)
        {
            var required = kind!["required"]!.AsArray().Select(n => (string)n!).ToList();
            var name = (string)kind["properties"]!["type"]!["const"]!;
            if (name == "reconciliation")
            {
                CollectionAssert.AreEquivalent(new[] { "name", "left", "right" }, required);
                Assert.IsNull(kind["properties"]!["source"], "a reconciliation has no top-level source");
            }
            else
            {
                CollectionAssert.IsSubsetOf(new[] { "name", "source", "table" }, required, name);
            }
        }
    }

    [TestMethod]
    public void KeyStatements_AreOneHashOrderedSample_AndInListsOfBoundKeys_InEachDialect()
    {
        var window = new RowScope(null, new TimeWindow("created_at", new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        var duck = new KeyStatements(DuckDbDialect.Instance);
        var bigQuery = new KeyStatements(BigQueryDialect.Instance);

        Assert.AreEqual(
            "SELECT k FROM (\n  SELECT DISTINCT CAST(\"customer_id\" AS VARCHAR) AS k\n  FROM \"crm\".\"customers\"\n  WHERE \"customer_id\" IS NOT NULL AND \"created_at\" >= $p0 AND \"created_at\" < $p1\n) AS sampled\nORDER BY hash(k), k\nLIMIT 1000",
            duck.Sample("\"crm\".\"customers\"", "customer_id", window, 1000).Text);
        Assert.AreEqual(
            "SELECT k FROM (\n  SELECT DISTINCT CAST(`customer_id` AS STRING) AS k\n  FROM `p.crm.customers`\n  WHERE `customer_id` IS NOT NULL AND `created_at` >= @p0 AND `created_at` < @p1\n) AS sampled\nORDER BY FARM_FINGERPRINT(k), k\nLIMIT 1000",
            bigQuery.Sample("`p.crm.customers`", "customer_id", window, 1000).Text);
        var lookups = duck.Lookup("\"t\"", "id", RowScope.All, ["1", "2", "3'; DROP TABLE t; --"], chunk: 2);
        Assert.HasCount(2, lookups);
        Assert.AreEqual("SELECT DISTINCT CAST(\"id\" AS VARCHAR) AS k\nFROM \"t\"\nWHERE CAST(\"id\" AS VARCHAR) IN ($k0, $k1) AND \"id\" IS NOT NULL", lookups[0].Text);
        Assert.AreEqual("3'; DROP TABLE t; --", lookups[1].Parameters.Single().Value, "keys travel as bound parameters, never as text");
    }
}
