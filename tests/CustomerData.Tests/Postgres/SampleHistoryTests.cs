using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Postgres;

/// <summary>The history column that keeps failed-row samples, on PostgreSQL (SQLite is covered end to end by the CLI).</summary>
[TestClass]
public sealed class SampleHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Sample_IsStoredAndReadBack_AndOlderRowsHaveNone()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(SampleHistoryTests));
        var store = await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None);
        const string sample = """{"columns":["id","email"],"pii_columns":["email"],"rows":[["17",null]],"query":"SELECT 1;","error":null}""";
        HistoryRecord Record(DateTimeOffset at, string? kept) =>
            new("ids_unique", "uniqueness", "mem", "shop.payments", CheckStatus.Critical, 0.01, "0.01 (1%) duplicate", "critical above 0 (0%)", "id repeats", 3, null, null, null, null, at, Sample: kept);

        await store.AppendAsync([Record(T0, null), Record(T0.AddMinutes(15), sample)], CancellationToken.None);

        var read = await store.ReadAsync("ids_unique", T0, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { null, sample }, read.Select(r => r.Sample).ToArray());
    }
}
