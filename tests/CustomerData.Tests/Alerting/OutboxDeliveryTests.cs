using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Alerting;

[TestClass]
public sealed class OutboxDeliveryTests
{
    private const string Check = """[{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at", "critical_after": "6h" }]""";

    [TestMethod]
    public async Task RateLimited_HonoursRetryAfter_AndDeliversOnce()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);
        harness.Slack.Answer(429, "rate_limited", retryAfter: "1");

        await harness.Publisher().PublishAsync(new(harness.Config, [AlertingHarness.Result(harness.Config.Checks[0], CheckStatus.Critical, AlertingHarness.T0)], AlertingHarness.T0), CancellationToken.None);
        var left = await harness.DeliverAsync(patience: TimeSpan.FromSeconds(10));

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 429, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
        Assert.HasCount(1, harness.Slack.Delivered);
    }

    [TestMethod]
    public async Task ServerError_IsRetriedWithBackoff()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);
        harness.Slack.Answer(500, "internal_error");

        await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));
        Assert.AreEqual(1, (await harness.Store.PendingAsync(CancellationToken.None)).Count, "still queued after the 500");
        var left = await harness.DeliverAsync(patience: TimeSpan.FromSeconds(10));

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 500, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
    }

    [TestMethod]
    public async Task Gone_IsLoggedWithTheReasonAndDropped_WithoutTheWebhookUrl()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);
        harness.Slack.Answer(410, "channel_is_archived");

        await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));
        await harness.DeliverAsync(patience: TimeSpan.FromSeconds(5));

        Assert.HasCount(1, harness.Slack.Posts);
        Assert.IsEmpty(await harness.Store.PendingAsync(CancellationToken.None));
        var log = harness.DispatcherLog.Collector.GetSnapshot().Single();
        Assert.AreEqual("Slack #alerts: failure message about orders_freshness dropped: HTTP 410 channel_is_archived", log.Message);
        Assert.DoesNotContain("secret-token", log.Message);
    }

    [TestMethod]
    public async Task CrashBeforeDelivery_TheMessageIsSentOnceAfterRestart()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);

        // The run decides and enqueues, then the process dies before delivering.
        await harness.Publisher().PublishAsync(new(harness.Config, [AlertingHarness.Result(harness.Config.Checks[0], CheckStatus.Critical, AlertingHarness.T0)], AlertingHarness.T0), CancellationToken.None);
        await harness.RestartAsync();

        // The next run after the restart sees the same failure: no second message is decided, the queued one is delivered.
        await harness.RunAsync(AlertingHarness.T0.AddMinutes(15), ("orders_freshness", CheckStatus.Critical));
        await harness.RestartAsync();
        await harness.DeliverAsync();

        Assert.HasCount(1, harness.Slack.Posts);
        Assert.AreEqual("orders_freshness is CRITICAL", (string)System.Text.Json.Nodes.JsonNode.Parse(harness.Slack.Delivered[0])!["blocks"]![0]!["text"]!["text"]!);
    }

    [TestMethod]
    public async Task SlackUnreachable_KeepsTheMessageForTheNextRun()
    {
        await using var harness = await AlertingHarness.StartAsync(Check);
        await harness.Slack.DisposeAsync();

        await harness.RunAsync(AlertingHarness.T0, ("orders_freshness", CheckStatus.Critical));

        var pending = await harness.Store.PendingAsync(CancellationToken.None);
        Assert.AreEqual(1, pending.Single().Attempts);
        Assert.AreEqual("failure", pending.Single().Kind);
    }
}
