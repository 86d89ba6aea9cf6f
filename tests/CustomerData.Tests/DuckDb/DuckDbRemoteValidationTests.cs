using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.DuckDb;

/// <summary>validate --remote on a DuckDB source: the demo warehouse's tables, columns and types, read from the sandboxed connection.</summary>
// Not in parallel with other classes: connections to the demo file in one process share one DuckDB instance (see MutesAndTablesTests).
[TestClass]
[DoNotParallelize]
public sealed class DuckDbRemoteValidationTests
{
    private static async Task<string> ConfigAsync(string checks) => CliRunner.WriteConfig($$"""
        {
          "sources": { "wh": { "type": "duckdb", "path": {{System.Text.Json.JsonSerializer.Serialize(await DemoFixture.PathAsync())}} } },
          "checks": [
        {{checks}}
          ]
        }
        """);

    [TestMethod]
    public async Task MisspeltTableColumnAndFilter_AndAVarcharTimeColumn_AreEachReportedAtTheirFieldAndLine()
    {
        var path = await ConfigAsync("""
                { "name": "ok_orders", "type": "volume", "source": "wh", "table": "sales.orders", "time_column": "created_at", "window": "1d", "filter": "status = 'paid'", "critical": { "min": 1 } },
                { "name": "bad_table", "type": "volume", "source": "wh", "table": "sales.order", "critical": { "min": 1 } },
                { "name": "bad_column", "type": "null_rate", "source": "wh", "table": "crm.customers", "column": "emial", "critical": { "max": 0.1 } },
                { "name": "text_time", "type": "freshness", "source": "wh", "table": "sales.orders", "column": "status", "critical_after": "6h" },
                { "name": "bad_filter", "type": "volume", "source": "wh", "table": "crm.customers", "filter": "contry = 'FR'", "critical": { "min": 1 } }
            """);

        var outcome = await CliRunner.RunAsync("validate", "--remote", "--config", path);

        Assert.AreEqual(2, outcome.ExitCode, outcome.Out + outcome.Error);
        var errors = outcome.Error.ReplaceLineEndings("\n");
        StringAssert.Contains(errors, $"{path}:5:62: $.checks[1].table: table sales.order not found in the DuckDB database\n    hint: did you mean \"sales.orders\"?");
        StringAssert.Contains(errors, $"{path}:6:92: $.checks[2].column: column \"emial\" not found in crm.customers\n    hint: did you mean \"email\"?");
        StringAssert.Contains(errors, $"{path}:7:90: $.checks[3].column: column \"status\" of sales.orders is VARCHAR, not a TIMESTAMP\n    hint: freshness and windows compare times");
        StringAssert.Contains(errors, $"{path}:8:89: $.checks[4].filter: the check's query does not bind: Binder Error: Referenced column \"contry\" not found in FROM clause! Candidate bindings: \"country\", \"customer_id\"\n    hint: fix the names it uses");
        Assert.DoesNotContain("$.checks[0]", errors);
        StringAssert.Contains(outcome.Out, "remote: 1 source checked; 4 errors, 0 warnings.");
    }

    [TestMethod]
    public async Task TheRootChecksOnTheDemo_AreValidRemotely()
    {
        var outcome = await CliRunner.RunAsync("validate", "--remote", "--config", CliRunner.RootConfig);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Out + outcome.Error);
        StringAssert.Contains(outcome.Out, "remote: 1 source checked; 0 errors, 0 warnings.");
    }

    [TestMethod]
    public async Task AMissingDatabaseFile_IsReportedAtTheSource()
    {
        var path = CliRunner.WriteConfig("""
            {
              "sources": { "wh": { "type": "duckdb", "path": "no-such-dir/missing.duckdb" } },
              "checks": [{ "name": "a", "type": "volume", "source": "wh", "table": "t", "critical": { "min": 1 } }]
            }
            """);

        var outcome = await CliRunner.RunAsync("validate", "--remote", "--config", path);

        Assert.AreEqual(2, outcome.ExitCode, outcome.Out + outcome.Error);
        StringAssert.Contains(outcome.Error, $"{path}:2:16: $.sources.wh: cannot open DuckDB source \"wh\": DuckDB database file ");
        StringAssert.Contains(outcome.Error, "missing.duckdb does not exist");
    }
}
