using System.Globalization;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Slack;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;

namespace CustomerData.Tests.Alerting;

/// <summary>
/// A 429 whose Retry-After asks for no wait at all (0 seconds, or an HTTP date already past when the clocks differ)
/// is honoured with the shortest wait, 1 s: the dispatcher never posts again at once, as fast as Slack can answer.
/// </summary>
[TestClass]
public sealed class RateLimitFloorTests
{
    private const string Check = """[{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at", "critical_after": "6h" }]""";

    private static async Task<AlertingHarness> FailingCheckAsync()
    {
        var harness = await AlertingHarness.StartAsync(Check);
        var at = AlertingHarness.T0;
        await harness.Publisher().PublishAsync(
            new(harness.Config, [AlertingHarness.Result(harness.Config.Checks[0], CheckStatus.Critical, at)], at), CancellationToken.None);
        return harness;
    }

    private static Task<int> DeliverAsync(AlertingHarness harness, HttpClient http, TimeSpan patience) =>
        new OutboxDispatcher(harness.Store, senderFor: null, harness.Clock, new FakeLogger<OutboxDispatcher>(), new Random(1), new RecordingDogStatsd())
            .DeliverAsync(_ => new SlackWebhookSender(http, harness.Slack.Url, harness.Clock), patience, CancellationToken.None);

    [TestMethod]
    public async Task RetryAfterZero_WaitsOneSecond_InsteadOfPostingAgainAtOnce()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 50; i++)
        {
            harness.Slack.Answer(429, "rate_limited", retryAfter: "0");
        }

        var before = harness.Clock.GetUtcNow();
        var left = await DeliverAsync(harness, http, TimeSpan.FromSeconds(2.5));

        // At 0 s, 1 s and 2 s (the third may fall just past the patience on a busy machine); never 50 in a burst.
        var posts = harness.Slack.Posts.Count;
        Assert.AreEqual(1, left, "still rate limited: the message waits");
        Assert.IsTrue(posts is >= 2 and <= 3, $"{posts} posts in 2.5 s of Retry-After: 0");
        Assert.IsEmpty(harness.Slack.Delivered);
        var waiting = (await harness.Store.PendingAsync(CancellationToken.None)).Single();
        Assert.AreEqual(0, waiting.Attempts, "a rate limit spends no attempt");
        Assert.IsTrue(waiting.NextAttemptAt >= before.AddSeconds(posts), $"next attempt {waiting.NextAttemptAt:O}, start {before:O}");
    }

    [TestMethod]
    public async Task RetryAfterAnHttpDateAlreadyPast_WaitsOneSecond_ThenDelivers()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var past = harness.Clock.GetUtcNow().AddMinutes(-5);
        harness.Slack.Answer(429, "rate_limited", retryAfter: past.ToString("r", CultureInfo.InvariantCulture));

        var first = harness.Clock.GetUtcNow();
        Assert.AreEqual(1, await DeliverAsync(harness, http, TimeSpan.Zero));
        var waiting = (await harness.Store.PendingAsync(CancellationToken.None)).Single();
        var left = await DeliverAsync(harness, http, TimeSpan.FromSeconds(10));

        Assert.IsTrue(waiting.NextAttemptAt >= first.AddSeconds(1), $"next attempt {waiting.NextAttemptAt:O}, 429 at about {first:O}");
        Assert.IsTrue(waiting.NextAttemptAt < first.AddSeconds(3), $"next attempt {waiting.NextAttemptAt:O}: 1 s, not the 30 s of a missing Retry-After");
        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 429, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
    }
}
