using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Report;

/// <summary>
/// The report's one read of many checks, on both history stores: chart points in time order with the learned range,
/// what was observed only where a marker needs it, each check's newest result in full, the span and the names held to.
/// </summary>
[TestClass]
public sealed class HistorySpanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Sqlite_reads_points_and_the_newest_result_of_the_named_checks_since_an_instant()
    {
        var path = Path.Combine(Path.GetTempPath(), $"history-span-{Guid.NewGuid():N}.db");
        try
        {
            await AssertSpanAsync(await SqliteHistoryStore.OpenAsync(path, CancellationToken.None));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task Postgres_reads_points_and_the_newest_result_of_the_named_checks_since_an_instant()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(HistorySpanTests));
        await AssertSpanAsync(await PostgresHistoryStore.OpenAsync(db.DataSource, CancellationToken.None));
    }

    private static HistoryRecord Record(string check, int hour, CheckStatus status, double? value, double? low = null, double? high = null) => new(
        check, "volume", "demo", "sales.orders", status, value, $"{value} rows", "learned", $"{check} {status}", 4.5, 1024, null, null, null,
        T0.AddHours(hour).AddMilliseconds(hour * 123), null, null, low, high);

    // Both stores through the interface the report uses.
#pragma warning disable CA1859
    private static async Task AssertSpanAsync(IHistoryStore store)
#pragma warning restore CA1859
    {
        HistoryRecord[] learned =
        [
            Record("learned", -2, CheckStatus.Ok, 90, 80, 120),
            Record("learned", 0, CheckStatus.Ok, 100, 80, 120),
            Record("learned", 1, CheckStatus.Critical, 20, 85, 125),
            Record("learned", 2, CheckStatus.Unknown, null),
            Record("learned", 3, CheckStatus.Ok, 101, 86, 126),
        ];
        await store.AppendAsync([.. learned, Record("static", 1, CheckStatus.Ok, 7), Record("other", 1, CheckStatus.Warning, 3)], CancellationToken.None);

        var span = await store.ReadSpanAsync(["learned", "static", "never"], T0, CancellationToken.None);

        CollectionAssert.AreEquivalent(new[] { "learned", "static" }, span.Points.Keys.ToArray(), "only the named checks that have results since T0");
        CollectionAssert.AreEqual(
            new[]
            {
                new ResultPoint(learned[1].MeasuredAt, CheckStatus.Ok, 100, 80, 120, null),
                new ResultPoint(learned[2].MeasuredAt, CheckStatus.Critical, 20, 85, 125, "20 rows"),
                new ResultPoint(learned[3].MeasuredAt, CheckStatus.Unknown, null, null, null, " rows"),
                new ResultPoint(learned[4].MeasuredAt, CheckStatus.Ok, 101, 86, 126, null),
            },
            span.PointsOf("learned").ToArray());
        Assert.AreEqual(learned[4], span.LastOf("learned"), "the newest result in full, learned range included");
        Assert.AreEqual(7, span.LastOf("static")!.Value);
        Assert.IsNull(span.LastOf("never"));
        Assert.AreEqual(0, span.PointsOf("never").Count);
        Assert.AreEqual(learned[2], (await store.ReadAsync("learned", T0.AddHours(1), CancellationToken.None))[0], "ReadAsync carries the range too");
    }
}
