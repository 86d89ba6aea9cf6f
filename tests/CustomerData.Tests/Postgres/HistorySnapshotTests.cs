using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Postgres;

/// <summary>The snapshot a kind keeps (a schema's columns) round-trips through both history stores and back to the engine.</summary>
[TestClass]
public sealed class HistorySnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private const string Columns = """[["order_id","BIGINT"],["note","VARCHAR"]]""";

    private static HistoryRecord Record(DateTimeOffset at, string? snapshot) =>
        new("orders_schema", "schema", "demo", "sales.orders", CheckStatus.Ok, 0, "2 columns", "warning on any change", "unchanged", 3, null, null, null, null, at, snapshot);

    [TestMethod]
    public async Task Postgres_KeepsTheSnapshot_AndTheEngineReadsItBack()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(HistorySnapshotTests));
        var store = await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);

        await AssertRoundTripAsync(store);
    }

    [TestMethod]
    public async Task Sqlite_KeepsTheSnapshot_AndTheEngineReadsItBack()
    {
        var path = Path.Combine(Path.GetTempPath(), $"history-snapshot-{Guid.NewGuid():N}.db");
        try
        {
            await AssertRoundTripAsync(await SqliteHistoryStore.OpenAsync(path, CancellationToken.None));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static async Task AssertRoundTripAsync(IHistoryStore store)
    {
        await store.AppendAsync([Record(T0, Columns), Record(T0.AddMinutes(15), null)], CancellationToken.None);

        var read = await store.ReadAsync("orders_schema", T0, CancellationToken.None);
        var past = await new StoredHistory(store).ReadAsync([new HistoryRequest("orders_schema", T0)], CancellationToken.None);

        CollectionAssert.AreEqual(new[] { Record(T0, Columns), Record(T0.AddMinutes(15), null) }, read.ToArray());
        CollectionAssert.AreEqual(
            new[] { new PastResult(T0, CheckStatus.Ok, 0, Columns), new PastResult(T0.AddMinutes(15), CheckStatus.Ok, 0) },
            past["orders_schema"].ToArray());
    }
}
