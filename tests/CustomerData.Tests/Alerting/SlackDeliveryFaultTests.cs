using System.Globalization;
using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Slack;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Testing;

namespace CustomerData.Tests.Alerting;

/// <summary>
/// Each way Slack can fail a delivery, against the loopback webhook and the SQLite outbox: at least once, never
/// dropped for slowing down, counted when possibly duplicated, waiting when the webhook is unknown.
/// </summary>
[TestClass]
public sealed class SlackDeliveryFaultTests
{
    private const string Check = """[{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at", "critical_after": "6h" }]""";

    private static async Task<AlertingHarness> FailingCheckAsync(DateTimeOffset? at = null)
    {
        var harness = await AlertingHarness.StartAsync(Check);
        var when = at ?? AlertingHarness.T0;
        await harness.Publisher().PublishAsync(new(harness.Config, [AlertingHarness.Result(harness.Config.Checks[0], CheckStatus.Critical, when)], when), CancellationToken.None);
        return harness;
    }

    private static OutboxDispatcher Dispatcher(AlertingHarness harness, RecordingDogStatsd statsd, FakeLogger<OutboxDispatcher> log) =>
        new(harness.Store, senderFor: null, harness.Clock, log, new Random(1), statsd);

    private static Func<string, INotificationSender> Webhook(AlertingHarness harness, HttpClient http) =>
        _ => new SlackWebhookSender(http, harness.Slack.Url, harness.Clock);

    /// <summary>The outbox row as SQLite holds it: attempts, whether sent or dropped, and the last error.</summary>
    private static async Task<(long Attempts, bool Sent, bool Dropped, string? LastError)> RowAsync(AlertingHarness harness)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.StorePath}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT attempts, sent_at IS NOT NULL, dropped_at IS NOT NULL, last_error FROM outbox";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        var row = (reader.GetInt64(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        Assert.IsFalse(await reader.ReadAsync(), "one message in the outbox");
        return row;
    }

    [TestMethod]
    public async Task TenRateLimitsWithRetryAfterOneSecond_EndInDelivery_WithoutSpendingAttempts()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 10; i++)
        {
            harness.Slack.Answer(429, "rate_limited", retryAfter: "1");
        }

        var left = await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>())
            .DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(Enumerable.Repeat(429, 10).Append(200).ToArray(), harness.Slack.Posts.Select(p => p.Status).ToArray());
        Assert.HasCount(1, harness.Slack.Delivered);
        Assert.AreEqual((1L, true, false, "HTTP 429 rate_limited"), await RowAsync(harness), "only the delivering attempt counts");
    }

    [TestMethod]
    public async Task RetryAfterAsAnHttpDate_IsTheNextAttemptInstant()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var date = harness.Clock.GetUtcNow().AddSeconds(3);
        date = new DateTimeOffset(date.Ticks - (date.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        harness.Slack.Answer(429, "rate_limited", retryAfter: date.ToString("r", CultureInfo.InvariantCulture));
        var dispatcher = Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>());

        Assert.AreEqual(1, await dispatcher.DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None));
        var waiting = (await harness.Store.PendingAsync(CancellationToken.None)).Single();
        var left = await dispatcher.DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.AreEqual(0, waiting.Attempts);
        Assert.IsTrue((waiting.NextAttemptAt!.Value - date).Duration() < TimeSpan.FromSeconds(1), $"next attempt {waiting.NextAttemptAt:O}, Retry-After {date:O}");
        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 429, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
    }

    /// <summary>A Retry-After of 0 (or a date already past) waits the 1 s floor, never a burst as fast as Slack answers.</summary>
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
        var left = await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(2.5), CancellationToken.None);

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
        Assert.AreEqual(1, await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None));
        var waiting = (await harness.Store.PendingAsync(CancellationToken.None)).Single();
        var left = await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.IsTrue(waiting.NextAttemptAt >= first.AddSeconds(1), $"next attempt {waiting.NextAttemptAt:O}, 429 at about {first:O}");
        Assert.IsTrue(waiting.NextAttemptAt < first.AddSeconds(3), $"next attempt {waiting.NextAttemptAt:O}: 1 s, not the 30 s of a missing Retry-After");
        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 429, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
    }

    [TestMethod]
    [DataRow("-5")]
    [DataRow("soon")]
    public async Task UnreadableRetryAfter_WaitsThirtySeconds(string retryAfter)
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        harness.Slack.Answer(429, "rate_limited", retryAfter);

        var before = harness.Clock.GetUtcNow();
        Assert.AreEqual(1, await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None));
        var waiting = (await harness.Store.PendingAsync(CancellationToken.None)).Single();

        Assert.AreEqual(0, waiting.Attempts);
        Assert.IsTrue(waiting.NextAttemptAt >= before.AddSeconds(30) && waiting.NextAttemptAt < before.AddSeconds(35), $"next attempt {waiting.NextAttemptAt:O}, 429 at about {before:O}");
    }

    /// <summary>408 (a proxy or Slack gave up reading the request) is not a refusal: retried like a 5xx, never dropped.</summary>
    [TestMethod]
    public async Task RequestTimeout408_IsRetried_NotDropped()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        harness.Slack.Answer(408, "request_timeout");

        var left = await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 408, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
        Assert.AreEqual((2L, true, false, "HTTP 408 request_timeout"), await RowAsync(harness));
    }

    [TestMethod]
    public async Task ServerErrors_AreRetriedWithBackoff_UntilSlackTakesTheMessage()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        harness.Slack.Answer(500, "internal_error");
        harness.Slack.Answer(503, "service_unavailable");
        var log = new FakeLogger<OutboxDispatcher>();

        var left = await Dispatcher(harness, new RecordingDogStatsd(), log).DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 500, 503, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
        Assert.AreEqual((3L, true, false, "HTTP 503 service_unavailable"), await RowAsync(harness));
        CollectionAssert.AreEqual(
            new[] { "Slack #alerts: failure message about orders_freshness not delivered (HTTP 500 internal_error); retrying in 00:00:01",
                    "Slack #alerts: failure message about orders_freshness not delivered (HTTP 503 service_unavailable); retrying in 00:00:02" },
            log.Collector.GetSnapshot().Select(r => r.Message[..^8]).ToArray(),
            "1 s, then 2 s, each plus up to 20% jitter");
    }

    [TestMethod]
    public async Task ManyFailures_NeverDropAMessage_TheBackoffStaysAtFiveMinutes()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var message = (await harness.Store.PendingAsync(CancellationToken.None)).Single();

        // Fifteen failures already (the old code gave up after ten), due now; Slack fails once more.
        await harness.Store.MarkRetryAsync(message.Id, 15, harness.Clock.GetUtcNow(), "HTTP 500", CancellationToken.None);
        harness.Slack.Answer(500, "internal_error");
        var before = harness.Clock.GetUtcNow();
        var left = await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None);
        var waiting = (await harness.Store.PendingAsync(CancellationToken.None)).Single();

        Assert.AreEqual(1, left);
        Assert.AreEqual((16L, false, false, "HTTP 500 internal_error"), await RowAsync(harness));
        var wait = waiting.NextAttemptAt!.Value - before;
        Assert.IsTrue(wait >= TimeSpan.FromMinutes(5) && wait <= TimeSpan.FromMinutes(6.1), $"waits {wait}");
    }

    [TestMethod]
    public async Task Gone_IsDroppedWithStatusAndBody_AndTheChannelsNextMessageStillGoes()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await harness.Store.SaveAsync([], [new OutboxMessage(0, "#alerts", "other", "failure", """{"text":"second"}""", AlertingHarness.T0)], CancellationToken.None);
        harness.Slack.Answer(410, "channel_is_archived");
        var log = new FakeLogger<OutboxDispatcher>();

        var left = await Dispatcher(harness, new RecordingDogStatsd(), log).DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None);

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 410, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
        Assert.AreEqual("""{"text":"second"}""", harness.Slack.Delivered.Single());
        Assert.AreEqual("Slack #alerts: failure message about orders_freshness dropped: HTTP 410 channel_is_archived", log.Collector.GetSnapshot().Single().Message);
    }

    [TestMethod]
    public async Task ConnectionCutAfterTheRequest_IsRetried_CountedAndLoggedAsPossiblyDuplicated()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        harness.Slack.CutAfterRequest();
        var statsd = new RecordingDogStatsd();
        var log = new FakeLogger<OutboxDispatcher>();

        var left = await Dispatcher(harness, statsd, log).DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.AreEqual(0, left);
        Assert.HasCount(2, harness.Slack.Posts, "Slack read the request twice: once cut, once answered");
        Assert.AreEqual(harness.Slack.Posts.First().Body, harness.Slack.Delivered.Single());
        Assert.AreEqual(1, statsd.Calls.Count(c => c == "increment customer_data.outbox.ambiguous 1 []"));
        StringAssert.StartsWith(log.Collector.GetSnapshot()[0].Message, "Slack #alerts: failure message about orders_freshness possibly duplicated: connection cut (");
    }

    [TestMethod]
    public async Task AnswerThatNeverComes_TimesOut_IsRetried_AndCountedAsAmbiguous()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        harness.Slack.Hang(TimeSpan.FromSeconds(5));
        var statsd = new RecordingDogStatsd();
        var log = new FakeLogger<OutboxDispatcher>();

        var left = await Dispatcher(harness, statsd, log).DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { -1, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
        Assert.AreEqual(1, statsd.Calls.Count(c => c == "increment customer_data.outbox.ambiguous 1 []"));
        StringAssert.StartsWith(log.Collector.GetSnapshot()[0].Message, "Slack #alerts: failure message about orders_freshness possibly duplicated: no answer within 1 s after the request was sent; retrying in");
        Assert.AreEqual((2L, true, false, "possibly duplicated: no answer within 1 s"), await RowAsync(harness));
    }

    [TestMethod]
    public async Task MissingWebhookVariable_TheMessageWaits_SaysWhy_ThenGoesOnceTheVariableIsSet()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var environment = new Dictionary<string, string>();
        var statsd = new RecordingDogStatsd();
        var dispatcher = Dispatcher(harness, statsd, new FakeLogger<OutboxDispatcher>());
        SlackRouting Routing() => new(harness.Config, name => environment.GetValueOrDefault(name), http, TextWriter.Null, harness.Clock);

        var waiting = await dispatcher.DeliverAsync(Routing().SenderFor, TimeSpan.FromSeconds(30), CancellationToken.None);
        var blocked = dispatcher.Blocked;
        var row = await RowAsync(harness);
        environment["SLACK_TEST_WEBHOOK"] = harness.Slack.Url.ToString();
        var left = await dispatcher.DeliverAsync(Routing().SenderFor, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.AreEqual(1, waiting);
        Assert.AreEqual("1 message waits for #alerts: SLACK_TEST_WEBHOOK is not set", blocked.Single().ToString());
        Assert.AreEqual("set SLACK_TEST_WEBHOOK to the channel's incoming-webhook URL to send them", blocked.Single().Remedy);
        Assert.AreEqual((0L, false, false, null), row, "waiting spends no attempt and marks nothing");
        Assert.AreEqual(0, left);
        Assert.IsEmpty(dispatcher.Blocked);
        Assert.HasCount(1, harness.Slack.Delivered);
        CollectionAssert.AreEqual(
            new[] { "gauge customer_data.outbox.pending 1 []", "gauge customer_data.outbox.pending 0 []" },
            statsd.Calls.Where(c => c.Contains("outbox", StringComparison.Ordinal)).ToArray(),
            "the pending gauge after each pass");
    }

    [TestMethod]
    public async Task ConsoleChannel_PrintsOnPurpose_AndIsMarkedDelivered()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient();
        var config = Configs.Valid("""
            {
              "notifications": { "slack": { "webhooks": { "#alerts": "console" } } },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at", "critical_after": "6h", "notify": { "slack": "#alerts" } }]
            }
            """);
        using var printed = new StringWriter();
        var dispatcher = Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>());

        var left = await dispatcher.DeliverAsync(new SlackRouting(config, _ => null, http, printed).SenderFor, TimeSpan.Zero, CancellationToken.None);

        Assert.AreEqual(0, left);
        StringAssert.StartsWith(printed.ToString(), "── Slack #alerts · failure · orders_freshness (printed here: its webhook is \"console\") ──\n*orders_freshness is CRITICAL*\n");
        Assert.AreEqual((1L, true, false, null), await RowAsync(harness));
        Assert.IsEmpty(harness.Slack.Posts);
    }

    [TestMethod]
    public async Task MessageOlderThanTheAgeLimit_IsDroppedLoggedAndCounted_NotSentLate()
    {
        await using var harness = await FailingCheckAsync(AlertingHarness.T0.AddHours(-24).AddMinutes(-1));
        using var http = new HttpClient();
        var statsd = new RecordingDogStatsd();
        var log = new FakeLogger<OutboxDispatcher>();

        var left = await Dispatcher(harness, statsd, log).DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None);

        Assert.AreEqual(0, left);
        Assert.IsEmpty(harness.Slack.Posts);
        Assert.AreEqual((1L, false, true, "expired: not delivered within 24h (0 attempts)"), await RowAsync(harness));
        Assert.AreEqual(1, statsd.Calls.Count(c => c == "increment customer_data.outbox.expired 1 []"));
        Assert.AreEqual(
            "Slack #alerts: failure message about orders_freshness of 2026-11-25T07:59:00.0000000+00:00 dropped: expired: not delivered within 24h (0 attempts)",
            log.Collector.GetSnapshot().Single().Message);
    }

    [TestMethod]
    public async Task RetrySchedule_SurvivesARestart()
    {
        await using var harness = await FailingCheckAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        harness.Slack.Answer(500, "internal_error");
        await Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>()).DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None);
        var before = await NextAttemptAsync(harness);

        // A new process: its own store (another claimer) and dispatcher. The message is not due yet: nothing goes at once.
        await harness.RestartAsync();
        var restarted = Dispatcher(harness, new RecordingDogStatsd(), new FakeLogger<OutboxDispatcher>());
        var atOnce = await restarted.DeliverAsync(Webhook(harness, http), TimeSpan.Zero, CancellationToken.None);
        var after = await NextAttemptAsync(harness);
        var postsAtOnce = harness.Slack.Posts.Count;
        var left = await restarted.DeliverAsync(Webhook(harness, http), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.AreEqual(1, atOnce);
        Assert.AreEqual(1, postsAtOnce);
        Assert.IsNotNull(before);
        Assert.AreEqual(before, after);
        Assert.AreEqual(0, left);
        CollectionAssert.AreEqual(new[] { 500, 200 }, harness.Slack.Posts.Select(p => p.Status).ToArray());
    }

    private static async Task<string?> NextAttemptAsync(AlertingHarness harness)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.StorePath}");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_attempt_at FROM outbox";
        return await command.ExecuteScalarAsync() as string;
    }
}
