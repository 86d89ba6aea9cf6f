using CustomerData.Alerts.State;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Postgres;

[TestClass]
public sealed class PostgresHistoryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static HistoryRecord Record(string check, DateTimeOffset at, CheckStatus status = CheckStatus.Ok, double? value = 42.5) =>
        new(check, "freshness", "demo", "sales.orders", status, value, "7h old", "warning after 2h", "newest updated_at is 7h old", 12.345, 1_048_576, 10_485_760, "job-1,job-2", 0.5, at);

    [TestMethod]
    public async Task Append_ThenRead_ReturnsTheCheckSinceAnInstant_OldestFirst_WithEveryColumn()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresHistoryStoreTests));
        var store = await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);
        var bare = new HistoryRecord("orders_freshness", "freshness", "demo", "sales.orders", CheckStatus.Unknown, null, "", "", "query failed", 0, null, null, null, null, T0.AddMinutes(30));

        await store.AppendAsync([Record("orders_freshness", T0.AddMinutes(15), CheckStatus.Critical), Record("orders_daily_volume", T0), bare], CancellationToken.None);
        await store.AppendAsync([Record("orders_freshness", T0)], CancellationToken.None);

        var read = await store.ReadAsync("orders_freshness", T0.AddMinutes(1), CancellationToken.None);
        CollectionAssert.AreEqual(new[] { Record("orders_freshness", T0.AddMinutes(15), CheckStatus.Critical), bare }, read.ToArray());
        Assert.HasCount(3, await store.ReadAsync("orders_freshness", T0, CancellationToken.None));
        Assert.IsEmpty(await store.ReadAsync("nobody", T0, CancellationToken.None));
    }

    [TestMethod]
    public async Task LastMeasured_IsTheNewestOfTheChecks_OrNull()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresHistoryStoreTests));
        var store = await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);
        await store.AppendAsync([Record("a", T0), Record("b", T0.AddHours(2)), Record("c", T0.AddHours(5))], CancellationToken.None);

        Assert.AreEqual(T0.AddHours(2), await store.LastMeasuredAsync(["a", "b"], CancellationToken.None));
        Assert.AreEqual(T0, await store.LastMeasuredAsync(["a"], CancellationToken.None));
        Assert.IsNull(await store.LastMeasuredAsync(["never"], CancellationToken.None));
        Assert.IsNull(await store.LastMeasuredAsync([], CancellationToken.None));
    }

    [TestMethod]
    public async Task Prune_DeletesOnlyOlderResults_AndSaysHowMany()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresHistoryStoreTests));
        var store = await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);
        await store.AppendAsync([Record("a", T0.AddDays(-31)), Record("a", T0.AddDays(-30)), Record("a", T0)], CancellationToken.None);

        Assert.AreEqual(1, await store.PruneAsync(T0.AddDays(-30), CancellationToken.None));
        Assert.AreEqual(0, await store.PruneAsync(T0.AddDays(-30), CancellationToken.None));
        CollectionAssert.AreEqual(new[] { T0.AddDays(-30), T0 }, (await store.ReadAsync("a", T0.AddYears(-1), CancellationToken.None)).Select(r => r.MeasuredAt).ToArray());
    }

    [TestMethod]
    public async Task Schema_HasTimestamptzInstants_AnIndexByCheckAndTime_AndItsOwnVersionBesideTheAlertStore()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresHistoryStoreTests));
        await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);
        await PostgresAlertStore.OpenAsync(db.DataSource, OutboxClaimOptions.ForThisProcess(), TimeProvider.System, CancellationToken.None);
        await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);

        await using (var type = db.DataSource.CreateCommand("SELECT data_type FROM information_schema.columns WHERE table_name = 'results' AND column_name = 'measured_at'"))
        {
            Assert.AreEqual("timestamp with time zone", await type.ExecuteScalarAsync());
        }

        await using (var index = db.DataSource.CreateCommand("SELECT indexdef FROM pg_indexes WHERE tablename = 'results' AND indexname = 'results_by_check'"))
        {
            StringAssert.EndsWith((string?)await index.ExecuteScalarAsync(), "(check_name, measured_at)");
        }

        await using var versions = db.DataSource.CreateCommand("SELECT string_agg(component || '=' || version, ',' ORDER BY component) FROM schema_version");
        Assert.AreEqual("alerts=1,history=6", await versions.ExecuteScalarAsync());
    }
}
