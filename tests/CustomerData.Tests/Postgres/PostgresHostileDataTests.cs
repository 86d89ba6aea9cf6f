using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// The values PostgreSQL holds that a .NET number or time cannot: NaN and infinities in float8, timestamps of
/// 'infinity' and past year 9999. Each check says what it found, never NULL, never an exception's text.
/// </summary>
[TestClass]
public sealed class PostgresHostileDataTests
{
    private const string Readings = """
        CREATE SCHEMA odd;
        CREATE TABLE odd.readings (id bigint, reading float8, seen_at timestamp, far_at timestamptz);
        INSERT INTO odd.readings VALUES (1, 'NaN', '2026-11-26 09:20:00', '20000-01-01 00:00:00+00'),
            (2, 'Infinity', 'infinity', NULL), (3, 4.5, NULL, NULL);
        """;

    private static async Task<CheckResult> RunAsync(string check)
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(PostgresHostileDataTests));
        await PostgresShop.ExecuteAsync(db, Readings);
        var results = await PostgresShop.RunAsync(Configs.Valid(PostgresShop.Json($"[{check}]")), db.ConnectionString, new FakeTimeProvider(OrdersTable.Now));
        return results.Single();
    }

    [TestMethod]
    [DataRow("SELECT 'NaN'::float8 AS v", "NaN")]
    [DataRow("SELECT max(reading) AS v FROM odd.readings", "NaN")]
    [DataRow("SELECT min(reading) - 'Infinity'::float8 AS v FROM odd.readings WHERE id = 2", "NaN")]
    [DataRow("SELECT -'Infinity'::float8 AS v", "-Infinity")]
    public async Task Sql_ANaNOrInfiniteValue_IsUnknown_NamedAsWhatItIs(string query, string what)
    {
        var result = await RunAsync($$"""{ "name": "q", "type": "sql", "source": "pg", "table": "odd.readings", "query": "{{query}}", "critical": { "max": 1 } }""");

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsNull(result.Value);
        Assert.AreEqual($"QueryResultException: column v of the query is {what}, not a number a threshold can judge", result.Message);
    }

    [TestMethod]
    public async Task Freshness_ATimePastYear9999_IsUnknown_SayingSo()
    {
        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "pg", "table": "odd.readings", "column": "far_at", "critical_after": "6h" }""");

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("newest far_at is after 9999-12-31, too far in the future to measure an age from; critical after 6h", result.Message);
    }

    [TestMethod]
    public async Task Freshness_ANewestValueOfInfinity_IsUnknown_WithPostgresReason()
    {
        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "pg", "table": "odd.readings", "column": "seen_at", "critical_after": "6h" }""");

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        // max(seen_at) is 'infinity' beside a real 09:20: PostgreSQL refuses to make it a number of microseconds.
        Assert.AreEqual("PostgresException: 0A000: cannot convert infinity to bigint", result.Message);
    }
}
