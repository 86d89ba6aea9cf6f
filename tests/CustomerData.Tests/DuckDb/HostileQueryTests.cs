using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Queries;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// A sql check's query is proven one allowed SELECT by DuckDB's parser: validate refuses anything else with its reason
/// and position, and with validation bypassed the planner and the source refuse it again, so nothing runs.
/// </summary>
[TestClass]
public sealed class HostileQueryTests
{
    private static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders AS SELECT range AS id, range % 7 AS amount FROM range(100)",
    ];

    public static IEnumerable<object[]> Hostile =>
    [
        ["INSERT INTO shop.orders VALUES (1, 1)", "the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT"],
        ["DROP TABLE shop.orders", "the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT"],
        ["COPY shop.orders TO '/tmp/orders.csv'", "the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT"],
        ["ATTACH '/tmp/other.db' AS other", "the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT"],
        ["PRAGMA database_list", "the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT"],
        ["SELECT count(*) AS n FROM read_csv('/etc/passwd')", "the query reads the table function read_csv: a sql check reads tables and views only (at character 27 of the query)"],
        ["SELECT count(*) AS n FROM '/etc/passwd'", "the query reads \"/etc/passwd\", which is not a plain table name (letters, digits and _): a sql check reads tables and views only (at character 27 of the query)"],
        ["SELECT 1 AS n; SELECT 2 AS n", "the query holds 2 statements: a sql check runs one SELECT"],
        ["SELECT 1 AS n; DROP TABLE shop.orders", "the query holds a statement other than SELECT (such as INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, PRAGMA or SET): a sql check runs one SELECT"],
        ["WITH gone AS (DELETE FROM shop.orders RETURNING id) SELECT count(*) AS n FROM gone", "the query is not one DuckDB SELECT: A CTE needs a SELECT"],
        ["SELECT count(*) AS n FROM shop.orders;", "the query ends with \";\": write its one SELECT without it (at character 38 of the query)"],
        ["SELECT length(getenv('HOME')) AS n", "the query calls getenv, which is not an allowed function (at character 15 of the query)"],
        ["SELECT count(*) AS n FROM query('SELECT 1')", "the query reads the table function query: a sql check reads tables and views only (at character 27 of the query)"],
        ["SELECT current_setting('enable_external_access')::INTEGER AS n", "the query calls current_setting, which is not an allowed function (at character 8 of the query)"],
        ["SELECT 1 AS n) AS q, (SELECT 2 AS m", "the query is not one DuckDB SELECT: syntax error at or near \")\" (at character 14 of the query)"],
        ["SELECT count(*) AS n FROM shop.orders USING SAMPLE 10%", "the query uses USING SAMPLE, which makes its value random: a sql check reads every row it names"],
        ["SELECT $1 AS n", "the query holds a parameter ($n or ?): write the value itself"],
        ["DESCRIBE shop.orders", "the query uses DESCRIBE, SHOW or SUMMARIZE, which a sql check may not use"],
        ["", "the query is empty"],
    ];

    private static string Config(string query) => $$"""
        {
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": {{System.Text.Json.JsonSerializer.Serialize(Init)}} } },
          "checks": [ { "name": "q", "type": "sql", "source": "mem", "table": "shop.orders", "query": {{System.Text.Json.JsonSerializer.Serialize(query)}}, "critical": { "min": 0 } } ]
        }
        """;

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public void Validate_RefusesTheQuery_WithItsReasonAtItsField(string query, string reason)
    {
        var result = Configs.Load(Config(query));

        var error = result.Errors.Single();
        Assert.AreEqual("$.checks[0].query", error.Path);
        Assert.AreEqual(reason, error.Message);
        Assert.AreEqual(3, error.Line);
    }

    [TestMethod]
    public async Task WithValidationBypassed_NoHostileQueryRuns_AndTheTableKeepsItsRows()
    {
        var config = Configs.Valid(Config("SELECT count(*) AS n FROM shop.orders"));
        var template = (SqlCheckDefinition)config.Checks[0];
        var hostile = Hostile.Select((row, i) => (CheckDefinition)(template with { Name = "hostile_" + i, Query = (string)row[0] })).ToList();
        var bypassed = config with { Checks = [.. hostile, template] };

        var results = await Runs.RunAsync(bypassed, new FakeTimeProvider(OrdersTable.Now));

        foreach (var (result, row) in results.Take(hostile.Count).Zip(Hostile))
        {
            Assert.AreEqual(CheckStatus.Unknown, result.Status, (string)row[0]);
            Assert.AreEqual($"cannot be planned: NotSupportedException: duckdb sources cannot read this: {row[1]} ({QueryRule.Hint})", result.Message);
        }

        Assert.AreEqual(100.0, results[^1].Value, "the last check counts the rows after every hostile one was planned");
    }

    [TestMethod]
    public async Task TheSourceItself_RefusesAnUnprovenQuery_BeforeRunningIt()
    {
        var config = Configs.Valid(Config("SELECT count(*) AS n FROM shop.orders"));
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", new FakeTimeProvider(OrdersTable.Now)));
        var measurement = new TableMeasurement("mem", "query of q", [new Measure(MeasureFunction.QueryValue, RowScope.All)])
        {
            Target = new QueryTarget("DELETE FROM shop.orders", "q"),
        };

        var error = await Assert.ThrowsExactlyAsync<RefusedQueryException>(() => sources["mem"].MeasureAsync(measurement, CancellationToken.None));

        StringAssert.StartsWith(error.Message, "query refused, nothing was run: the query holds a statement other than SELECT");
        CollectionAssert.AreEqual(new[] { "-- not run, query refused: " + error.Message["query refused, nothing was run: ".Length..] }, sources["mem"].Describe(measurement).ToArray());
        var count = await sources["mem"].MeasureAsync(measurement with { Target = new QueryTarget("SELECT count(*) AS n FROM shop.orders", "q") }, CancellationToken.None);
        Assert.AreEqual(100.0, count.Values[0].AsNumber());
    }

    [TestMethod]
    [DataRow("WITH big AS (SELECT * FROM shop.orders WHERE amount > 3) SELECT count(*) AS n FROM big", 42.0)]
    [DataRow("SELECT count(*) AS n FROM shop.orders a JOIN shop.orders b ON a.id = b.id + 1 WHERE a.amount = 0", 14.0)]
    [DataRow("SELECT max(r) AS n FROM (SELECT row_number() OVER (PARTITION BY amount ORDER BY id) AS r FROM shop.orders) t", 15.0)]
    [DataRow("SELECT count(*) AS n FROM (SELECT id FROM shop.orders WHERE amount = 1 UNION ALL SELECT id FROM shop.orders WHERE amount = 2) u", 29.0)]
    [DataRow("SELECT (SELECT count(DISTINCT amount) FROM shop.orders) + sum(CASE WHEN id IN (SELECT id FROM shop.orders WHERE amount = 6) THEN 1 ELSE 0 END) AS n FROM shop.orders", 21.0)]
    [DataRow("-- orders with an amount\nSELECT count(*) AS n FROM shop.orders WHERE amount > 0 -- every day", 85.0)]
    public async Task EverydaySelects_Run_AndGiveTheirValue(string query, double expected)
    {
        Assert.IsTrue(Configs.Load(Config(query)).IsValid, string.Join("\n", Configs.Load(Config(query)).Errors));

        var result = (await Runs.RunAsync(Configs.Valid(Config(query)), new FakeTimeProvider(OrdersTable.Now)))[0];

        Assert.AreEqual(expected, result.Value, result.Message);
    }
}
