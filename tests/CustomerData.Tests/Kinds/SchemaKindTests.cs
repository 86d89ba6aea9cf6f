using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

/// <summary>schema checks on DuckDB: columns from information_schema against declared types and the last snapshot.</summary>
[TestClass]
public sealed class SchemaKindTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    private static readonly string[] Init =
    [
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.orders (order_id BIGINT, email VARCHAR, amount DECIMAL(18,3), paid BOOLEAN, created_at TIMESTAMP, shipped_at TIMESTAMPTZ, tags VARCHAR[])",
    ];

    private const string Snapshot =
        """[["order_id","BIGINT"],["email","VARCHAR"],["amount","DECIMAL(18,3)"],["paid","BOOLEAN"],["created_at","TIMESTAMP"],["shipped_at","TIMESTAMP WITH TIME ZONE"],["tags","VARCHAR[]"]]""";

    private static async Task<CheckResult> RunAsync(string fields, params PastResult[] past)
    {
        var config = Configs.InMemory(Init, $$"""[{ "name": "s", "type": "schema", "source": "mem", "table": "shop.orders", {{fields}} }]""");
        var time = new FakeTimeProvider(Now);
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
        var history = new FixedHistory(past);
        var results = await new CheckEngine(Catalog.Default, sources, time, history).RunAsync(config, config.Checks, CancellationToken.None);
        return results[0];
    }

    [TestMethod]
    public async Task Expect_MatchingColumnsWithAliasesAndWithoutParameters_IsOk_AndRecordsTheSnapshot()
    {
        var result = await RunAsync("""
            "expect": { "columns": { "ORDER_ID": "int8", "email": "text", "amount": "NUMERIC", "paid": "bool", "created_at": "datetime",
                                     "shipped_at": "timestamptz", "tags": "VARCHAR[]" } }
            """);

        Assert.AreEqual(CheckStatus.Ok, result.Status, result.Message);
        Assert.AreEqual(0.0, result.Value);
        Assert.AreEqual("7 columns", result.Observed);
        Assert.AreEqual("shop.orders has 7 columns, columns as expected; critical unless the 7 declared columns match exactly", result.Message);
        Assert.AreEqual(Snapshot, result.Snapshot);
        Assert.AreEqual("SELECT column_name, data_type\nFROM information_schema.columns\nWHERE lower(table_schema) = lower('shop') AND lower(table_name) = lower('orders')\nORDER BY ordinal_position;", result.Query);
    }

    [TestMethod]
    public async Task Expect_NamesMissingRetypedAndExtraColumns_AtItsSeverity()
    {
        var result = await RunAsync("""
            "expect": { "columns": { "order_id": "INTEGER", "email": "VARCHAR", "refund_id": "BIGINT", "amount": "DECIMAL(10,2)", "tags": "VARCHAR" },
                        "severity": "warning" }
            """);

        Assert.AreEqual(CheckStatus.Warning, result.Status);
        Assert.AreEqual(7.0, result.Value);
        Assert.AreEqual("7 differences", result.Observed);
        Assert.AreEqual(
            "shop.orders has 7 columns, not as expected: order_id is BIGINT, expected INTEGER; missing column refund_id (expected BIGINT); "
            + "amount is DECIMAL(18,3), expected DECIMAL(10,2); tags is VARCHAR[], expected VARCHAR; unexpected column paid (BOOLEAN); "
            + "unexpected column created_at (TIMESTAMP); unexpected column shipped_at (TIMESTAMP WITH TIME ZONE); "
            + "warning unless the 5 declared columns match exactly",
            result.Message);
    }

    [TestMethod]
    public async Task OnChange_FirstRun_IsOkWithANote()
    {
        var result = await RunAsync(""" "on_change": "critical" """);

        Assert.AreEqual(CheckStatus.Ok, result.Status);
        Assert.AreEqual("shop.orders has 7 columns, first snapshot recorded; critical on any change", result.Message);
        Assert.AreEqual(Snapshot, result.Snapshot);
    }

    [TestMethod]
    public async Task OnChange_AgainstTheLastSnapshot_NamesAddedRetypedAndRemovedColumns()
    {
        var before = """[["order_id","BIGINT"],["email","VARCHAR"],["amount","DOUBLE"],["paid","BOOLEAN"],["created_at","TIMESTAMP"],["coupon","VARCHAR"]]""";

        var result = await RunAsync(
            """ "on_change": "warning" """,
            new PastResult(Now.AddDays(-3), CheckStatus.Ok, 0, """[["order_id","BIGINT"]]"""),
            new PastResult(Now.AddHours(-1), CheckStatus.Ok, 0, before),
            new PastResult(Now.AddMinutes(-30), CheckStatus.Unknown, null));

        Assert.AreEqual(CheckStatus.Warning, result.Status);
        Assert.AreEqual(4.0, result.Value);
        Assert.AreEqual(
            "shop.orders has 7 columns, changed since 2026-11-26 09:30 (UTC): retyped amount from DOUBLE to DECIMAL(18,3); added shipped_at (TIMESTAMP WITH TIME ZONE); "
            + "added tags (VARCHAR[]); removed coupon (VARCHAR); warning on any change",
            result.Message);
    }

    [TestMethod]
    public async Task OnChange_Unchanged_IsOkSinceTheLastSnapshot_AndBothRulesCombine()
    {
        var result = await RunAsync(
            """ "expect": { "columns": { "order_id": "BIGINT" }, "allow_extra": true }, "on_change": "critical" """,
            new PastResult(Now.AddHours(-2), CheckStatus.Ok, 0, Snapshot));

        Assert.AreEqual(CheckStatus.Ok, result.Status);
        Assert.AreEqual(
            "shop.orders has 7 columns, columns as expected; unchanged since 2026-11-26 08:30 (UTC); critical unless the declared column matches (extra columns allowed); critical on any change",
            result.Message);
    }

    [TestMethod]
    public async Task AMissingTable_IsUnknown()
    {
        var config = Configs.InMemory(Init, """[{ "name": "s", "type": "schema", "source": "mem", "table": "shop.refunds", "on_change": "warning" }]""");

        var result = (await Runs.RunAsync(config, new FakeTimeProvider(Now)))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("shop.refunds has no columns: the table does not exist, or the source cannot see it; warning on any change", result.Message);
        Assert.IsNull(result.Snapshot);
    }

    [TestMethod]
    public void Validation_NeedsARule_AndRefusesFilters_AndTakesDynamoDbAttributesForColumns()
    {
        var result = Configs.Load("""
            {
              "sources": { "mem": { "type": "duckdb", "path": ":memory:" }, "ddb": { "type": "dynamodb", "region": "eu-west-1", "max_read_units_per_second": 5 } },
              "checks": [
                { "name": "a", "type": "schema", "source": "mem", "table": "t" },
                { "name": "b", "type": "schema", "source": "mem", "table": "t", "filter": "x = 1", "expect": { "columns": {} } },
                { "name": "c", "type": "schema", "source": "ddb", "table": "profiles", "on_change": "warning" }
              ]
            }
            """);

        Assert.AreEqual(
            string.Join("\n", new[]
            {
                "checks.json:4:5: $.checks[0]: a schema check needs \"expect\" or \"on_change\" (or both)",
                "checks.json:5:69: $.checks[1].filter: a filter cannot apply to a table's columns",
                "checks.json:5:100: $.checks[1].expect.columns: \"expect.columns\" names no column",
            }),
            string.Join("\n", result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Path}: {e.Message}")));
    }

    [TestMethod]
    [DataRow("BIGINT", "int8", true)]
    [DataRow("INTEGER", "int4", true)]
    [DataRow("BIGINT", "INTEGER", false)]
    [DataRow("VARCHAR", "String", true)]
    [DataRow("DECIMAL(18,3)", "decimal", true)]
    [DataRow("DECIMAL(18,3)", "NUMERIC( 18, 3 )", true)]
    [DataRow("DECIMAL(18,3)", "DECIMAL(10,2)", false)]
    [DataRow("VARCHAR[]", "VARCHAR", false)]
    [DataRow("TIMESTAMP WITH TIME ZONE", "timestamptz", true)]
    [DataRow("TIMESTAMP WITH TIME ZONE", "TIMESTAMP", false)]
    public void DuckDbTypeNames_CompareByCanonicalName(string actual, string expected, bool matches) =>
        Assert.AreEqual(matches, DuckDbDialect.Instance.Types.Matches(expected, actual));

    [TestMethod]
    [DataRow("INTEGER", "INT64", true)]
    [DataRow("INT64", "integer", true)]
    [DataRow("FLOAT", "FLOAT64", true)]
    [DataRow("BOOLEAN", "BOOL", true)]
    [DataRow("RECORD", "STRUCT", true)]
    [DataRow("ARRAY<INT64>", "ARRAY", true)]
    [DataRow("STRING", "BYTES", false)]
    public void BigQueryTypeNames_CompareByCanonicalName(string actual, string expected, bool matches) =>
        Assert.AreEqual(matches, BigQueryDialect.Instance.Types.Matches(expected, actual));

    private sealed class FixedHistory(IReadOnlyList<PastResult> past) : IResultHistory
    {
        public Task<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>> ReadAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>>(requests.ToDictionary(r => r.Check, r => past));
    }
}
