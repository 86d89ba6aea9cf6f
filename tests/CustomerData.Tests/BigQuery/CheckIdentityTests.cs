using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

/// <summary>A statement's labels and cap come from the checks the run planned into it, never from the whole file.</summary>
[TestClass]
public sealed class CheckIdentityTests
{
    private static readonly OrdersTable Orders = new(200, seed: 11);

    [TestMethod]
    public async Task DisabledAndUnselectedChecks_WithTheSameMeasures_LeaveNoTraceInLabelsOrCap()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var checks = """
            [
              { "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.9 } },
              { "name": "email_null_old", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.9 },
                "enabled": false, "maximum_bytes_billed": "1MB" },
              { "name": "email_null_other", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.9 },
                "maximum_bytes_billed": "1MB" }
            ]
            """;
        var config = BigQueryHarness.Config(emulator, checks, """, "maximum_bytes_billed": "2GB" """);
        var time = new StoppedClock(OrdersTable.Now);
        await using var sources = DataSources.Open(config, BigQueryHarness.Catalog, new SourceEnvironment(".", time));

        var results = await new CheckEngine(BigQueryHarness.Catalog, sources, time).RunAsync(config, [config.Checks[0]], CancellationToken.None);

        Assert.AreEqual(CheckStatus.Ok, results.Single().Status, results.Single().Message);
        var body = JsonDocument.Parse(emulator.Queries.Single().Body).RootElement;
        Assert.AreEqual("email_null", body.GetProperty("labels").GetProperty("check").GetString());
        Assert.AreEqual("2000000000", body.GetProperty("maximumBytesBilled").GetString());
    }

    [TestMethod]
    public async Task SelectedChecksSharingAStatement_AreAllItsLabels_AndTheTightestCapApplies()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var checks = """
            [
              { "name": "email_null", "type": "null_rate", "source": "bq", "table": "shop.orders", "column": "email", "critical": { "max": 0.9 } },
              { "name": "rows", "type": "volume", "source": "bq", "table": "shop.orders", "critical": { "min": 1 }, "maximum_bytes_billed": "1GB" }
            ]
            """;

        var results = await BigQueryHarness.RunAsync(
            BigQueryHarness.Config(emulator, checks, """, "maximum_bytes_billed": "2GB" """), OrdersTable.Now);

        Assert.AreEqual(Orders.Rows.Count, results.Single("rows").Value);
        var body = JsonDocument.Parse(emulator.Queries.Single().Body).RootElement;
        Assert.AreEqual("email_null-rows", body.GetProperty("labels").GetProperty("check").GetString());
        Assert.AreEqual("1000000000", body.GetProperty("maximumBytesBilled").GetString());
    }
}
