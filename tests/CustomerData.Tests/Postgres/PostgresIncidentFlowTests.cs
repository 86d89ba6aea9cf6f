using System.Text.Json.Nodes;
using CustomerData.Alerts.State;
using CustomerData.Checks.Engine;
using CustomerData.Tests.Alerting;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Postgres;

/// <summary>The SQLite store's incident scenarios, through the same harness, on the PostgreSQL store.</summary>
[TestClass]
public sealed class PostgresIncidentFlowTests
{
    private const string OrdersCheck = """
        [{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at",
           "critical_after": "6h", "owner": "order-data", "runbook": "https://wiki.example/runbooks/orders",
           "alert_after": 2, "renotify_after": "30m" }]
        """;

    private static string Header(string payload) => (string)JsonNode.Parse(payload)!["blocks"]![0]!["text"]!["text"]!;

    private static async Task<AlertingHarness> StartAsync(PostgresDatabase db, string checks = OrdersCheck) =>
        await AlertingHarness.StartAsync(
            checks,
            openStore: async _ => HarnessStore.Of(await PostgresAlertStore.OpenAsync(db.NewDataSource(), OutboxClaimOptions.ForThisProcess(), TimeProvider.System, CancellationToken.None)));

    [TestMethod]
    public async Task FailFailFailRecoverFlap_SendsOneFailureOneReminderOneRecovery()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresIncidentFlowTests));
        await using var harness = await StartAsync(db);
        var steps = new[] { CheckStatus.Critical, CheckStatus.Critical, CheckStatus.Critical, CheckStatus.Critical, CheckStatus.Ok, CheckStatus.Critical, CheckStatus.Ok };

        for (var i = 0; i < steps.Length; i++)
        {
            await harness.RunAsync(AlertingHarness.T0.AddMinutes(15 * i), ("orders_freshness", steps[i]));
        }

        CollectionAssert.AreEqual(
            new[] { "orders_freshness is CRITICAL", "orders_freshness is still CRITICAL", "orders_freshness recovered" },
            harness.Slack.Delivered.Select(Header).ToArray());
        Assert.HasCount(4, harness.Statsd.Calls);
    }

    [TestMethod]
    public async Task MutedCheck_IsSilentUntilTheMuteEnds()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresIncidentFlowTests));
        await using var harness = await StartAsync(db);
        var t = AlertingHarness.T0;
        await harness.Store.MuteAsync(new("orders_freshness", t.AddMinutes(40), "upstream migration"), CancellationToken.None);

        for (var minutes = 0; minutes <= 60; minutes += 15)
        {
            await harness.RunAsync(t.AddMinutes(minutes), ("orders_freshness", CheckStatus.Critical));
        }

        CollectionAssert.AreEqual(new[] { "orders_freshness is CRITICAL" }, harness.Slack.Delivered.Select(Header).ToArray());
    }

    [TestMethod]
    public async Task CrashBeforeDelivery_TheMessageIsSentOnceAfterRestart()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresIncidentFlowTests));
        await using var harness = await StartAsync(db, """[{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at", "critical_after": "6h" }]""");

        await harness.Publisher().PublishAsync(new(harness.Config, [AlertingHarness.Result(harness.Config.Checks[0], CheckStatus.Critical, AlertingHarness.T0)], AlertingHarness.T0), CancellationToken.None);
        await harness.RestartAsync();
        await harness.RunAsync(AlertingHarness.T0.AddMinutes(15), ("orders_freshness", CheckStatus.Critical));
        await harness.RestartAsync();
        await harness.DeliverAsync();

        CollectionAssert.AreEqual(new[] { "orders_freshness is CRITICAL" }, harness.Slack.Delivered.Select(Header).ToArray());
        Assert.HasCount(1, harness.Slack.Posts);
    }

    [TestMethod]
    public async Task ServerError_IsRetriedWithBackoff_ThenDeliveredOnce()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresIncidentFlowTests));
        await using var harness = await StartAsync(db, """[{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at", "critical_after": "6h" }]""");
        harness.Slack.Answer(500, "internal_error");

        await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));
        Assert.AreEqual(1, (await harness.Store.PendingAsync(CancellationToken.None)).Single().Attempts);
        var left = await harness.DeliverAsync(patience: TimeSpan.FromSeconds(10));

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 500, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
    }
}
