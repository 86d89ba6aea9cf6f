using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

/// <summary>sql checks on DuckDB: the query's one row against bounds, truth computed in C# over the same rows.</summary>
[TestClass]
public sealed class SqlKindTests
{
    private static readonly OrdersTable Orders = new(3_000, seed: 41);

    private const string NullShareFr = "SELECT count(*) FILTER (WHERE email IS NULL) / count(*) AS null_share FROM shop.orders WHERE country = 'FR'";

    private static async Task<CheckResult> RunAsync(string check, string timeout = "60s", TimeProvider? time = null)
    {
        var config = Configs.InMemory(Orders.Init(), $"[{check}]", $$"""{ "timeout": "{{timeout}}" }""");
        return (await Runs.RunAsync(config, time ?? new FakeTimeProvider(OrdersTable.Now)))[0];
    }

    private static string Check(string query, string rest) =>
        $$"""{ "name": "q", "type": "sql", "source": "mem", "table": "shop.orders", "query": {{System.Text.Json.JsonSerializer.Serialize(query)}}, {{rest}} }""";

    private static string Number(double value) => value.ToString("#,0.######", CultureInfo.InvariantCulture);

    [TestMethod]
    public async Task OneColumn_IsTheQuerysNumber_JudgedByItsBounds()
    {
        var french = Orders.Rows.Where(r => r.Country == "FR").ToList();
        var truth = (double)french.Count(r => r.Email is null) / french.Count;

        var result = await RunAsync(Check(NullShareFr, """ "warn": { "max": 0.01 }, "critical": { "max": 0.5 } """));

        Assert.AreEqual(truth, result.Value!.Value, 1e-12);
        Assert.AreEqual(CheckStatus.Warning, result.Status);
        Assert.AreEqual(Number(truth), result.Observed);
        Assert.AreEqual($"the query returned {Number(truth)}; warning above 0.01; critical above 0.5", result.Message);
        Assert.AreEqual("sql", result.Type);
        Assert.AreEqual("customer_data.sql.value", result.ValueMetric);
        Assert.AreEqual($"SELECT *\nFROM (\n{NullShareFr}\n) AS q\nLIMIT 2;", result.Query);
    }

    [TestMethod]
    public async Task NamedColumns_EachJudgedByItsOwnBounds_WorstNamedFirst_ValueIsTheFirstColumns()
    {
        var query = "SELECT count(*) AS orders, count(*) FILTER (WHERE email IS NULL) / count(*) AS null_share, max(id) AS last_id FROM shop.orders";
        var nullShare = (double)Orders.Rows.Count(r => r.Email is null) / Orders.Rows.Count;

        var result = await RunAsync(Check(query, """
            "columns": {
              "orders": { "warn": { "min": 10 } },
              "null_share": { "critical": { "max": 0.05 } },
              "last_id": { "warn": { "max": 100 } }
            }
            """));

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual(3000.0, result.Value);
        Assert.AreEqual($"null_share {Number(nullShare)}", result.Observed);
        Assert.AreEqual(
            $"null_share {Number(nullShare)} is CRITICAL (critical above 0.05); last_id 2,999 is WARNING (warning above 100); orders 3,000 is OK (warning below 10)",
            result.Message);
        Assert.AreEqual("orders: warning below 10; null_share: critical above 0.05; last_id: warning above 100", result.Expected);
        Assert.AreEqual($"SELECT \"orders\", \"null_share\", \"last_id\"\nFROM (\n{query}\n) AS q\nLIMIT 2;", result.Query);
    }

    [TestMethod]
    [DataRow("SELECT country, count(*) AS n FROM shop.orders GROUP BY country", "QueryResultException: the query returned 2 or more rows: a sql check judges one row (aggregate the rows, or add LIMIT 1 on purpose)")]
    [DataRow("SELECT count(*) AS n FROM shop.orders WHERE false GROUP BY country", "QueryResultException: the query returned no row: a sql check judges the one row its query returns")]
    [DataRow("SELECT max(email) AS n FROM shop.orders", "QueryResultException: column n of the query holds a String, not a number")]
    [DataRow("SELECT count(*) AS n, max(id) AS m FROM shop.orders", "QueryResultException: the query returns 2 columns (n, m): name each one to judge under \"columns\"")]
    [DataRow("SELECT max(id) FILTER (WHERE country = 'XX') AS n FROM shop.orders", "the query's value is NULL: nothing to judge; critical below 1")]
    public async Task ARowThatIsNotOneNumber_IsUnknownWithoutQuotingData(string query, string message)
    {
        var result = await RunAsync(Check(query, """ "critical": { "min": 1 } """));

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsNull(result.Value);
        Assert.AreEqual(message, result.Message);
    }

    [TestMethod]
    public async Task ALongQuery_IsCancelledAtTheChecksTimeout()
    {
        var query = "SELECT count(*) AS n FROM shop.orders a, shop.orders b, shop.orders c, shop.orders d WHERE a.email || b.email || c.email < d.email";

        // The deadline runs on the run's clock: a real one here, so the query is really interrupted.
        var result = await RunAsync(Check(query, """ "critical": { "min": 1 } """), timeout: "1s", TimeProvider.System);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        StringAssert.StartsWith(result.Message, "timed out after 1s");
    }

    [TestMethod]
    public void Validation_RefusesWrongShapes_AtTheirFields()
    {
        var result = Configs.Load("""
            {
              "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [
                { "name": "a", "type": "sql", "source": "mem", "table": "t", "query": "SELECT 1 AS x" },
                { "name": "b", "type": "sql", "source": "mem", "table": "t", "query": "SELECT 1 AS x", "filter": "x = 1",
                  "critical": { "max": 1 }, "columns": { "x y": { "warn": { "max": 2 } }, "z": {} } },
                { "name": "c", "type": "sql", "source": "mem", "table": "t", "query": "SELECT 1 AS x", "warn": { "max": 5 }, "critical": { "max": 2 } }
              ]
            }
            """);

        Assert.AreEqual(
            string.Join("\n", new[]
            {
                "checks.json:4:5: $.checks[0]: a sql check needs \"warn\" or \"critical\" bounds, or \"columns\" with bounds for each, or \"anomaly\"",
                "checks.json:5:92: $.checks[1].filter: a sql check takes no filter: its query has its own WHERE clause",
                "checks.json:6:33: $.checks[1].columns: bounds are given both for the check and under \"columns\"",
                "checks.json:6:46: $.checks[1].columns['x y']: invalid column name \"x y\"",
                "checks.json:6:79: $.checks[1].columns.z: column z has no \"warn\" or \"critical\" bounds",
                "checks.json:7:128: $.checks[2].critical.max: critical.max (2) is below warn.max (5)",
            }),
            string.Join("\n", result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Path}: {e.Message}")));
    }

    [TestMethod]
    public void DynamoDb_RefusesASqlCheckAtItsQuery()
    {
        var result = Configs.Load("""
            {
              "sources": { "ddb": { "type": "dynamodb", "region": "eu-west-1", "max_read_units_per_second": 5 } },
              "checks": [ { "name": "a", "type": "sql", "source": "ddb", "table": "profiles", "query": "SELECT 1 AS x", "critical": { "max": 1 } } ]
            }
            """);

        Assert.AreEqual(
            "checks.json:3:83: $.checks[0].query: dynamodb sources run no SQL query\n    hint: a sql check needs a SQL source, such as duckdb or bigquery",
            string.Join("\n", result.Errors));
    }

    [TestMethod]
    public void SqlCheckDefinition_ReadsTheColumnsForm()
    {
        var config = Configs.InMemory([], $"[{Check("SELECT 1 AS a", """ "columns": { "a": { "critical": { "max": 0 } } } """)}]");

        var check = (SqlCheckDefinition)config.Checks[0];

        Assert.AreEqual(0.0, check.Columns!["a"].Critical!.Max);
    }
}
