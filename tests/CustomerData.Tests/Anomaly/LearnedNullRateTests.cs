using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Monitors.History;
using CustomerData.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Anomaly;

/// <summary>A null_rate check with "anomaly": the share of NULLs per window is learned from the table's own past.</summary>
[TestClass]
public sealed class LearnedNullRateTests
{
    // Four weeks of 200 signups an hour; email is NULL for 1 in 40 (hash-spread), and for 1 in 4 in the hour
    // 2026-11-30 10:00 (a form that stopped sending emails): far under a static "max": 0.5.
    private static readonly string[] Init =
    [
        """
        CREATE TABLE signups AS
        SELECT h + to_seconds(x * 18) AS created_at,
               CASE WHEN hash(h, x) % (CASE WHEN h = TIMESTAMP '2026-11-30 10:00:00' THEN 4 ELSE 40 END) = 0 THEN NULL ELSE 'x@example.com' END AS email
        FROM (SELECT h, unnest(range(200)) AS x FROM generate_series(TIMESTAMP '2026-11-01 00:00:00', TIMESTAMP '2026-11-30 10:00:00', INTERVAL 1 HOUR) t(h))
        """,
    ];

    private const string Checks = """
        [ { "name": "signup_email_nulls", "type": "null_rate", "source": "mem", "table": "signups", "column": "email",
            "time_column": "created_at", "window": "1h", "window_alignment": "complete", "min_rows": 50,
            "critical": { "max": 0.5 }, "anomaly": { "direction": "up" } } ]
        """;

    [TestMethod]
    public async Task AJumpInNullsThatStaticLimitsPass_IsCaught_WithTheLearnedRangeAndTheTrainingReadOnce()
    {
        var directory = Directory.CreateTempSubdirectory("customerdata-learned-nulls-");
        try
        {
            var config = Configs.InMemory(Init, Checks);
            var store = await SqliteHistoryStore.OpenAsync(Path.Combine(directory.FullName, "state.db"), CancellationToken.None);
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 11, 5, 0, TimeSpan.Zero));
            await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", time));
            var counted = new CountingDataSource(sources["mem"]);
            await using var wrapped = new DataSources(new Dictionary<string, IDataSource> { ["mem"] = counted });

            var result = (await new CheckEngine(Catalog.Default, wrapped, time, new StoredHistory(store)).RunAsync(config, config.Checks, CancellationToken.None))[0];

            var (nulls, rows) = await TruthAsync();
            Assert.AreEqual((double)nulls / rows, result.Value!.Value, 1e-12);
            Assert.IsTrue(result.Value > 0.15 && result.Value < 0.35, $"the planted hour: {result.Value}");
            Assert.AreNotEqual(CheckStatus.Ok, result.Status, result.Message);
            Assert.AreNotEqual(CheckStatus.Unknown, result.Status, result.Message);
            StringAssert.StartsWith(result.Message, $"email is NULL in {nulls} of {rows} rows = ");
            StringAssert.Contains(result.Message, "(UTC), expected 0");
            StringAssert.Contains(result.Message, "; critical above 0.5 (50%); within the learned range ");
            Assert.IsTrue(result.ExpectedHigh < 0.1, $"{result.ExpectedLow}–{result.ExpectedHigh}");
            Assert.AreEqual(2, counted.Measurements.Single().Measures.Count(m => m.Function == MeasureFunction.BucketedRowCount), "rows and NULLs per bucket, in one grouped read");
            Assert.AreEqual(1, result.Statement!.Split("GROUP BY bucket").Length - 1);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(true);
        }
    }

    private static async Task<(long Nulls, long Rows)> TruthAsync()
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = Init[0] + ";\nSELECT count(*) FILTER (WHERE email IS NULL), count(*) FROM signups WHERE created_at >= TIMESTAMP '2026-11-30 10:00:00' AND created_at < TIMESTAMP '2026-11-30 11:00:00'";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
