using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.Slack;
using CustomerData.Alerts.State;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Alerting;

/// <summary>
/// Two processes on one data directory (a cron `run` overlapping `serve`, two `run`s): each claims the SQLite outbox
/// with a lease, as PostgreSQL replicas do, so no message is posted twice.
/// </summary>
[TestClass]
public sealed class SqliteOutboxClaimTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    public TestContext TestContext { get; set; } = null!;

    private string NewPath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "customerdata-claims-" + Guid.NewGuid().ToString("N"));
        TestContext.Properties["directory"] = directory;
        return Path.Combine(directory, "state.db");
    }

    [TestCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestContext.Properties["directory"] is string directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static OutboxMessage Message(string channel, int n) =>
        new(0, channel, $"check_{n}", "failure", $$"""{"text":"message {{n}} for {{channel}}"}""", T0);

    [TestMethod]
    public async Task TwoDispatchersOnOneFile_RacingAgainstSlack_PostEachMessageExactlyOnce_InOrderPerChannel()
    {
        var path = NewPath();
        var clock = new ShiftedTimeProvider(T0);
        await using var slack = new LoopbackSlackServer();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var a = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("run", Lease), clock, CancellationToken.None);
        var b = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("serve", Lease), clock, CancellationToken.None);
        var channels = Enumerable.Range(1, 6).Select(i => $"#channel-{i}").ToArray();
        var expected = new List<string>();

        // Five rounds: each enqueues 4 messages per channel, then both processes deliver at once.
        for (var round = 0; round < 5; round++)
        {
            var messages = Enumerable.Range(0, 4).SelectMany(i => channels.Select(c => Message(c, (round * 4) + i))).ToList();
            await a.SaveAsync([], messages, CancellationToken.None);
            expected.AddRange(messages.Select(m => m.Payload));
            var left = await Task.WhenAll(
                Dispatcher(a, clock).DeliverAsync(_ => new SlackWebhookSender(http, slack.Url, clock), TimeSpan.FromSeconds(5), CancellationToken.None),
                Dispatcher(b, clock).DeliverAsync(_ => new SlackWebhookSender(http, slack.Url, clock), TimeSpan.FromSeconds(5), CancellationToken.None));
            Assert.AreEqual(0, left.Sum(), $"round {round}: nothing left");
        }

        var received = slack.Posts.Select(p => p.Body).ToList();
        Assert.HasCount(120, received);
        CollectionAssert.AreEquivalent(expected, received, "every message exactly once");
        foreach (var channel in channels)
        {
            var order = received.Where(body => body.EndsWith($" for {channel}\"}}", StringComparison.Ordinal)).ToList();
            CollectionAssert.AreEqual(expected.Where(body => body.EndsWith($" for {channel}\"}}", StringComparison.Ordinal)).ToArray(), order.ToArray(), $"{channel} in order");
        }
    }

    [TestMethod]
    public async Task ClaimedChannel_IsHeldFromTheOtherProcess_UntilTheLeaseRunsOut()
    {
        var time = new FakeTimeProvider(T0);
        var path = NewPath();
        var a = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("a", Lease), time, CancellationToken.None);
        var b = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("b", Lease), time, CancellationToken.None);
        await a.SaveAsync([], [Message("#alerts", 1), Message("#alerts", 2), Message("#other", 3)], CancellationToken.None);

        var claimedByA = await a.PendingAsync(CancellationToken.None);
        var duringLease = await b.PendingAsync(CancellationToken.None);
        time.Advance(Lease + TimeSpan.FromSeconds(1));
        var afterLease = await b.PendingAsync(CancellationToken.None);

        Assert.HasCount(3, claimedByA);
        Assert.IsEmpty(duringLease, "a holds both channels while its lease runs");
        CollectionAssert.AreEqual(claimedByA.Select(m => m.Id).ToArray(), afterLease.Select(m => m.Id).ToArray(), "a died: b takes over");
        Assert.IsEmpty(await a.PendingAsync(CancellationToken.None), "a is back, but b holds the channels now");
    }

    [TestMethod]
    public async Task AClaimOfAKilledProcessOfThisHost_IsTakenOverAtOnce_WhileALiveOnesHolds()
    {
        using var dead = System.Diagnostics.Process.Start("true")!;
        await dead.WaitForExitAsync();
        using var alive = System.Diagnostics.Process.Start("sleep", "60")!;
        try
        {
            var time = new FakeTimeProvider(T0);
            var path = NewPath();
            var killed = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions($"{Environment.MachineName}/{dead.Id}/deadbeef", Lease), time, CancellationToken.None);
            var running = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions($"{Environment.MachineName}/{alive.Id}/c0ffee00", Lease), time, CancellationToken.None);
            var next = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("next", Lease), time, CancellationToken.None);
            await killed.SaveAsync([], [Message("#alerts", 1), Message("#other", 2)], CancellationToken.None);
            await killed.PendingAsync(CancellationToken.None);

            CollectionAssert.AreEqual(new[] { "#alerts", "#other" }, (await next.PendingAsync(CancellationToken.None)).Select(m => m.Channel).ToArray(), "the killed process's claims went at once");

            await running.SaveAsync([], [Message("#third", 3)], CancellationToken.None);
            await running.PendingAsync(CancellationToken.None);
            Assert.IsEmpty((await next.PendingAsync(CancellationToken.None)).Where(m => m.Channel == "#third"), "a running process keeps its lease");
        }
        finally
        {
            alive.Kill();
        }
    }

    [TestMethod]
    public async Task ReleasedChannels_GoToTheOtherProcess_AtOnce()
    {
        var time = new FakeTimeProvider(T0);
        var path = NewPath();
        var a = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("a", Lease), time, CancellationToken.None);
        var b = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("b", Lease), time, CancellationToken.None);
        await a.SaveAsync([], [Message("#alerts", 1), Message("#other", 2)], CancellationToken.None);
        await a.PendingAsync(CancellationToken.None);

        await a.ReleaseAsync(["#alerts"], CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "#alerts" }, (await b.PendingAsync(CancellationToken.None)).Select(m => m.Channel).ToArray());
    }

    [TestMethod]
    public async Task DeliveryProgress_RenewsTheLease_OfTheProcessesOtherClaims()
    {
        var time = new FakeTimeProvider(T0);
        var path = NewPath();
        var a = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("a", Lease), time, CancellationToken.None);
        var b = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("b", Lease), time, CancellationToken.None);
        await a.SaveAsync([], [Message("#alerts", 1), Message("#alerts", 2), Message("#alerts", 3)], CancellationToken.None);
        var claimed = await a.PendingAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(40));
        await a.MarkSentAsync(claimed[0].Id, time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));

        Assert.IsEmpty(await b.PendingAsync(CancellationToken.None), "80 s after the claim, the renewed lease still holds");
        time.Advance(Lease);
        Assert.HasCount(2, await b.PendingAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task StoreOfTheFirstVersion_IsMigrated_AndItsWaitingMessageDelivered()
    {
        var path = NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            // The schema as the previous release left it, with one message waiting.
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
                INSERT INTO schema_version VALUES ('alerts', 1);
                CREATE TABLE alert_state (check_name TEXT PRIMARY KEY, status INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL,
                  failing_since TEXT, notified_status INTEGER, last_notified_at TEXT);
                CREATE TABLE mutes (check_name TEXT PRIMARY KEY, until TEXT NOT NULL, reason TEXT);
                CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, check_name TEXT, kind TEXT NOT NULL,
                  payload TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, last_error TEXT,
                  sent_at TEXT, dropped_at TEXT);
                INSERT INTO outbox (channel, check_name, kind, payload, created_at, attempts)
                VALUES ('#alerts', 'x', 'failure', '{"text":"old"}', '2026-11-26T08:00:00.0000000+00:00', 0);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("a", Lease), new FakeTimeProvider(T0), CancellationToken.None);

        Assert.AreEqual("{\"text\":\"old\"}", (await store.PendingAsync(CancellationToken.None)).Single().Payload);
    }

    [TestMethod]
    public async Task InstantsOfTheSecondVersion_AreRewrittenInTheOneFormatTheHistoryUses_AndReadTheSame()
    {
        var path = NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var (muteUntil, since) = ("2026-11-26T09:30:00.0000000+00:00", "2026-11-26T07:45:00.1234567+00:00");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await Alerts.State.SqliteMigrations.ApplyAsync(connection, CancellationToken.None);
            using var command = connection.CreateCommand();
            // As the alert store wrote instants before (round-trip "O" text, +00:00), with the schema at its version 2.
            command.CommandText = $$"""
                UPDATE schema_version SET version = 2 WHERE component = 'alerts';
                INSERT INTO mutes VALUES ('orders_freshness', '{{muteUntil}}', 'backfill');
                INSERT INTO alert_state VALUES ('orders_freshness', 2, 3, '{{since}}', 2, '{{since}}');
                INSERT INTO outbox (channel, check_name, kind, payload, created_at, attempts, next_attempt_at)
                VALUES ('#alerts', 'x', 'failure', '{"text":"waiting"}', '{{since}}', 1, '{{since}}');
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await SqliteAlertStore.OpenAsync(path, new OutboxClaimOptions("a", Lease), new FakeTimeProvider(T0), CancellationToken.None);

        Assert.AreEqual(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), (await store.LoadMutesAsync(CancellationToken.None))["orders_freshness"].Until);
        Assert.AreEqual(DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture), (await store.LoadStatesAsync(CancellationToken.None))["orders_freshness"].FailingSince);
        Assert.AreEqual("{\"text\":\"waiting\"}", (await store.PendingAsync(CancellationToken.None)).Single().Payload);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await check.OpenAsync();
        using var read = check.CreateCommand();
        read.CommandText = "SELECT (SELECT until FROM mutes) || ' ' || (SELECT failing_since FROM alert_state) || ' ' || (SELECT created_at FROM outbox)";
        Assert.AreEqual("2026-11-26T09:30:00.0000000Z 2026-11-26T07:45:00.1234567Z 2026-11-26T07:45:00.1234567Z", (string?)await read.ExecuteScalarAsync());
    }

    private static OutboxDispatcher Dispatcher(IOutbox outbox, TimeProvider clock) =>
        new(outbox, senderFor: null, clock, NullLogger<OutboxDispatcher>.Instance);
}
