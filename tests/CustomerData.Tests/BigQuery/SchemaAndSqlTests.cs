using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

/// <summary>schema from tables.get (no job), sql checks dry-run as SELECT before they run, on the loopback emulator.</summary>
[TestClass]
public sealed class SchemaAndSqlTests
{
    private static readonly OrdersTable Orders = new(1_500, seed: 17);

    private const string RefundQuery = "SELECT COUNTIF(email IS NULL) / COUNT(*) AS null_share FROM `test-project.shop.orders` WHERE country = 'FR'";

    [TestMethod]
    public async Task Schema_ComesFromTablesGet_WithBigQuerysTypeNames_AndRunsNoQuery()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var checks = """
            [{ "name": "orders_schema", "type": "schema", "source": "bq", "table": "shop.orders",
               "expect": { "columns": { "id": "INTEGER", "country": "STRING", "email": "STRING", "created_at": "DATETIME" }, "allow_extra": true } }]
            """;

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual("shop.orders has 5 columns, not as expected: created_at is TIMESTAMP, expected DATETIME; critical unless the 4 declared columns match (extra columns allowed)", result.Message);
        Assert.AreEqual("""[["id","INT64"],["country","STRING"],["email","STRING"],["created_at","TIMESTAMP"],["shipped_at","TIMESTAMP"]]""", result.Snapshot);
        Assert.AreEqual("-- tables.get test-project.shop.orders: schema.fields (table metadata: no rows read, nothing billed)", result.Query);
        Assert.IsEmpty(emulator.Queries);
        Assert.AreEqual(1, emulator.Requests.Count(r => r.IsTablesGet));
    }

    [TestMethod]
    public async Task Sql_IsDryRunAsASelect_ThenRunUnderItsCapAndLabels_AndGivesTheTruth()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var french = Orders.Rows.Where(r => r.Country == "FR").ToList();
        var truth = (double)french.Count(r => r.Email is null) / french.Count;
        var checks = $$"""[{ "name": "fr_null_share", "type": "sql", "source": "bq", "table": "shop.orders", "query": "{{RefundQuery}}", "critical": { "max": 0.5 }, "maximum_bytes_billed": "50MB" }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(truth, result.Value!.Value, 1e-12, result.Message);
        Assert.AreEqual(CheckStatus.Ok, result.Status);
        Assert.AreEqual($"SELECT *\nFROM (\n{RefundQuery}\n) AS q\nLIMIT 2;", result.Query);
        var requests = emulator.Requests.Where(r => r.IsDryRun || r.IsQuery).ToList();
        Assert.HasCount(2, requests);
        Assert.IsTrue(requests[0].IsDryRun, "the dry run comes first");
        StringAssert.Contains(requests[1].Body, "\"maximumBytesBilled\":\"50000000\"");
        StringAssert.Contains(requests[1].Body, "\"check\":\"fr_null_share\"");
        // The emulator bills what the query names: 2 + length per non-NULL country and email, over every row.
        var bytes = Orders.Rows.Sum(r => 2L + r.Country.Length) + Orders.Rows.Where(r => r.Email is not null).Sum(r => 2L + r.Email!.Length);
        Assert.AreEqual(bytes, result.BytesProcessed);
    }

    [TestMethod]
    public async Task Sql_ThatEscapesItsParenthesesIntoAScript_IsRefusedByTheDryRun_AndNothingRuns()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var query = "SELECT 1 AS n) AS q LIMIT 2; DELETE FROM `test-project.shop.orders` WHERE true; SELECT * FROM (SELECT 1 AS n";
        var checks = $$"""[{ "name": "sneaky", "type": "sql", "source": "bq", "table": "shop.orders", "query": "{{query}}", "critical": { "max": 5 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("BigQueryException: refused: the sql check's query dry-runs as SCRIPT, not SELECT", result.Message);
        Assert.IsEmpty(emulator.Queries);
        var after = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, """[{ "name": "rows", "type": "volume", "source": "bq", "table": "shop.orders", "critical": { "min": 1 } }]"""), OrdersTable.Now))[0];
        Assert.AreEqual(Orders.Rows.Count, after.Value);
    }

    [TestMethod]
    public async Task PlanDryRun_ShowsTheQueryWithItsBytes_AndRunsNothing()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var path = CliRunner.WriteConfig(BigQueryHarness.Json(emulator, $$"""[{ "name": "fr_null_share", "type": "sql", "source": "bq", "table": "shop.orders", "query": "{{RefundQuery}}", "critical": { "max": 0.5 } }]"""));

        var outcome = await CliRunner.RunAsync("plan", "--dry-run", "--config", path);

        var bytes = Orders.Rows.Sum(r => 2L + r.Country.Length) + Orders.Rows.Where(r => r.Email is not null).Sum(r => 2L + r.Email!.Length);
        Assert.AreEqual(0, outcome.ExitCode, outcome.Error + outcome.Out);
        StringAssert.Contains(outcome.Out, $"-- source bq, query of fr_null_share: fr_null_share\nSELECT *\nFROM (\n{RefundQuery}\n) AS q\nLIMIT 2;\n-- dry run: {bytes:#,0} bytes");
        Assert.IsEmpty(emulator.Queries, "a dry run runs nothing");
    }
}
