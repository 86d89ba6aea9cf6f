using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.State;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Npgsql;

namespace CustomerData.Tests.Postgres;

[TestClass]
public sealed class PostgresAlertStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static Task<PostgresAlertStore> OpenAsync(NpgsqlDataSource dataSource, string node = "node-a") =>
        PostgresAlertStore.OpenAsync(dataSource, new OutboxClaimOptions(node, TimeSpan.FromMinutes(1)), TimeProvider.System, CancellationToken.None);

    [TestMethod]
    public async Task States_RoundTrip_AndAreReplacedBySaving()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresAlertStoreTests));
        var store = await OpenAsync(db.DataSource);
        var failing = new AlertState("orders_freshness", CheckStatus.Critical, 3, T0, CheckStatus.Warning, T0.AddMinutes(15).AddTicks(10));
        var ok = AlertState.Initial("customers_email_null_rate");

        await store.SaveAsync([failing, ok], [], CancellationToken.None);
        var loaded = await store.LoadStatesAsync(CancellationToken.None);

        Assert.AreEqual(failing, loaded["orders_freshness"]);
        Assert.AreEqual(ok, loaded["customers_email_null_rate"]);

        // An instant in another offset is the same instant once stored.
        var recovered = failing with { Status = CheckStatus.Ok, ConsecutiveFailures = 0, FailingSince = null, NotifiedStatus = null, LastNotifiedAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(1)) };
        await store.SaveAsync([recovered], [], CancellationToken.None);
        var reloaded = (await store.LoadStatesAsync(CancellationToken.None))["orders_freshness"];
        Assert.AreEqual(recovered with { LastNotifiedAt = T0.AddHours(1) }, reloaded);
        Assert.AreEqual(TimeSpan.Zero, reloaded.LastNotifiedAt!.Value.Offset);
    }

    [TestMethod]
    public async Task Mutes_AreSetReplacedAndRemoved()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresAlertStoreTests));
        var store = await OpenAsync(db.DataSource);

        await store.MuteAsync(new("orders_freshness", T0.AddHours(1), "upstream migration"), CancellationToken.None);
        await store.MuteAsync(new("orders_freshness", T0.AddHours(2), null), CancellationToken.None);
        await store.MuteAsync(new("orders_daily_volume", T0.AddHours(3), "backfill"), CancellationToken.None);

        var mutes = await store.LoadMutesAsync(CancellationToken.None);
        Assert.AreEqual(new Mute("orders_freshness", T0.AddHours(2), null), mutes["orders_freshness"]);
        Assert.AreEqual(new Mute("orders_daily_volume", T0.AddHours(3), "backfill"), mutes["orders_daily_volume"]);
        Assert.IsTrue(await store.UnmuteAsync("orders_freshness", CancellationToken.None));
        Assert.IsFalse(await store.UnmuteAsync("orders_freshness", CancellationToken.None));
        CollectionAssert.AreEqual(new[] { "orders_daily_volume" }, (await store.LoadMutesAsync(CancellationToken.None)).Keys.ToArray());
    }

    [TestMethod]
    public async Task SaveAsync_StatesAndMessagesAreOneTransaction()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresAlertStoreTests));
        var store = await OpenAsync(db.DataSource);
        var state = new AlertState("orders_freshness", CheckStatus.Critical, 1, T0, CheckStatus.Critical, T0);
        var good = new OutboxMessage(0, "#alerts", "orders_freshness", "failure", "{}", T0);

        // The second message breaks a NOT NULL constraint: the state and the first message must not stay behind.
        await Assert.ThrowsAsync<PostgresException>(() => store.SaveAsync([state], [good, good with { Payload = null! }], CancellationToken.None));

        Assert.IsEmpty(await store.LoadStatesAsync(CancellationToken.None));
        Assert.IsEmpty(await store.PendingAsync(CancellationToken.None));

        await store.SaveAsync([state], [good], CancellationToken.None);
        Assert.HasCount(1, await store.LoadStatesAsync(CancellationToken.None));
        var pending = (await store.PendingAsync(CancellationToken.None)).Single();
        Assert.AreEqual(good with { Id = pending.Id }, pending);
    }

    [TestMethod]
    public async Task Outbox_RetriesAndDropsAreRecorded_AndSentOrDroppedLeaveTheQueue()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresAlertStoreTests));
        var store = await OpenAsync(db.DataSource);
        await store.SaveAsync([], [Message("#a", T0), Message("#a", T0.AddSeconds(1)), Message("#b", T0.AddSeconds(2))], CancellationToken.None);
        var ids = (await store.PendingAsync(CancellationToken.None)).Select(m => m.Id).ToArray();

        await store.MarkRetryAsync(ids[0], 1, T0.AddMinutes(1), "HTTP 500", CancellationToken.None);
        await store.MarkSentAsync(ids[1], T0, CancellationToken.None);
        await store.MarkDroppedAsync(ids[2], T0, "HTTP 410 channel_is_archived", CancellationToken.None);

        var left = (await store.PendingAsync(CancellationToken.None)).Single();
        Assert.AreEqual((ids[0], 1, T0.AddMinutes(1)), (left.Id, left.Attempts, left.NextAttemptAt));
        await using var read = db.DataSource.CreateCommand("SELECT id, attempts, last_error, sent_at IS NOT NULL, dropped_at IS NOT NULL FROM outbox ORDER BY id");
        await using var reader = await read.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetInt32(1)} {(reader.IsDBNull(2) ? "-" : reader.GetString(2))} sent={reader.GetBoolean(3)} dropped={reader.GetBoolean(4)}");
        }

        CollectionAssert.AreEqual(
            new[] { "1 HTTP 500 sent=False dropped=False", "1 - sent=True dropped=False", "1 HTTP 410 channel_is_archived sent=False dropped=True" },
            rows);
    }

    [TestMethod]
    public async Task OpenAsync_ByTwoNodesAtOnce_MigratesOnce_AndReopeningChangesNothing()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresAlertStoreTests));

        await Task.WhenAll(OpenAsync(db.NewDataSource(), "node-a"), OpenAsync(db.NewDataSource(), "node-b"));
        var store = await OpenAsync(db.DataSource);
        await store.MuteAsync(new("orders_freshness", T0, null), CancellationToken.None);
        store = await OpenAsync(db.DataSource);

        await using var version = db.DataSource.CreateCommand("SELECT version FROM schema_version WHERE component = 'alerts'");
        Assert.AreEqual(1, await version.ExecuteScalarAsync());
        Assert.HasCount(1, await store.LoadMutesAsync(CancellationToken.None));
    }

    internal static OutboxMessage Message(string channel, DateTimeOffset at, string? check = "orders_freshness") =>
        new(0, channel, check, "failure", $$"""{"text":"{{channel}} {{at:O}}"}""", at);
}
