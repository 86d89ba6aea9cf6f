using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Postgres;

/// <summary>
/// The postgres source on the run's PostgreSQL: the three kinds through the engine against truth computed twice, in C#
/// over the rows loaded and by plain SQL on the test's own connection; the exact statement; each check's own query
/// giving the same value when run by hand in a session that is not in UTC.
/// </summary>
[TestClass]
public sealed class PostgresSourceTests
{
    private const string Checks = """
        [
          { "name": "created_fresh", "type": "freshness", "source": "pg", "table": "shop.orders", "column": "created_at", "warn_after": "1h", "critical_after": "6h" },
          { "name": "shipped_fresh", "type": "freshness", "source": "pg", "table": "shop.orders", "column": "shipped_at", "warn_after": "5m", "critical_after": "1h" },
          { "name": "fr_orders_1d", "type": "volume", "source": "pg", "table": "shop.orders", "filter": "country = 'FR'", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
          { "name": "shipped_6h", "type": "volume", "source": "pg", "table": "shop.orders", "time_column": "shipped_at", "window": "6h", "critical": { "min": 1 } },
          { "name": "email_nulls", "type": "null_rate", "source": "pg", "table": "shop.orders", "column": "email", "critical": { "max": 0.05 } },
          { "name": "de_email_nulls_2d", "type": "null_rate", "source": "pg", "table": "shop.orders", "column": "email", "filter": "country = 'DE'", "time_column": "created_at", "window": "2d", "critical": { "max": 0.5 } }
        ]
        """;

    private static readonly DateTimeOffset Now = OrdersTable.Now;
    private static readonly IReadOnlyList<OrderRow> Rows = PostgresShop.Orders.Rows;

    [TestMethod]
    public async Task ThreeKinds_ThroughTheEngine_MatchTruthInCSharpAndInPlainSql()
    {
        await using var db = await PostgresShop.CreateAsync(nameof(PostgresSourceTests));
        var config = Configs.Valid(PostgresShop.Json(Checks));

        var results = await PostgresShop.RunAsync(config, db.ConnectionString, new FakeTimeProvider(Now));

        // freshness: the newest value to the microsecond, TIMESTAMP read as UTC and TIMESTAMPTZ as the instant.
        var newestCreated = new DateTimeOffset(Rows.Max(r => r.CreatedAt), TimeSpan.Zero);
        var newestShipped = Rows.Max(r => r.ShippedAt)!.Value;
        Assert.AreEqual(0.123456, (Now - newestCreated).TotalSeconds, 1e-9, "the planted newest row");
        Assert.AreEqual(newestCreated.UtcDateTime, DateTime.SpecifyKind((DateTime)(await PostgresShop.ScalarAsync(db, "SELECT max(created_at) FROM shop.orders"))!, DateTimeKind.Utc));
        Assert.AreEqual(newestShipped.UtcDateTime, (DateTime)(await PostgresShop.ScalarAsync(db, "SELECT max(shipped_at) FROM shop.orders"))!);
        AssertResult(results.Single("created_fresh"), CheckStatus.Ok, (Now - newestCreated).TotalSeconds);
        AssertResult(results.Single("shipped_fresh"), CheckStatus.Warning, (Now - newestShipped).TotalSeconds);

        // volume over a window, with a filter: TIMESTAMP bounds compared as UTC although the database's sessions are Paris time.
        var day = (Start: Now.UtcDateTime.AddDays(-1), End: Now.UtcDateTime);
        var frInDay = Rows.Count(r => r.Country == "FR" && r.CreatedAt >= day.Start && r.CreatedAt < day.End);
        Assert.AreEqual((long)frInDay, await PostgresShop.ScalarAsync(
            db, "SELECT count(*) FROM shop.orders WHERE country = 'FR' AND created_at >= $1 AND created_at < $2", Naive(day.Start), Naive(day.End)));
        AssertResult(results.Single("fr_orders_1d"), CheckStatus.Ok, frInDay);
        var shipped6h = Rows.Count(r => r.ShippedAt >= Now.AddHours(-6) && r.ShippedAt < Now);
        Assert.AreEqual((long)shipped6h, await PostgresShop.ScalarAsync(
            db, "SELECT count(*) FROM shop.orders WHERE shipped_at >= $1 AND shipped_at < $2", Now.AddHours(-6).UtcDateTime, Now.UtcDateTime));
        AssertResult(results.Single("shipped_6h"), CheckStatus.Ok, shipped6h);

        // null_rate over the table, and over a filtered window.
        var nullRate = (double)Rows.Count(r => r.Email is null) / Rows.Count;
        Assert.AreEqual(nullRate, Convert.ToDouble(await PostgresShop.ScalarAsync(db, "SELECT avg((email IS NULL)::int) FROM shop.orders"), System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        AssertResult(results.Single("email_nulls"), CheckStatus.Critical, nullRate);
        var twoDays = Rows.Where(r => r.Country == "DE" && r.CreatedAt >= Now.UtcDateTime.AddDays(-2) && r.CreatedAt < Now.UtcDateTime).ToList();
        var deNullRate = (double)twoDays.Count(r => r.Email is null) / twoDays.Count;
        Assert.AreEqual(deNullRate, Convert.ToDouble(await PostgresShop.ScalarAsync(
            db,
            "SELECT avg((email IS NULL)::int) FROM shop.orders WHERE country = 'DE' AND created_at >= $1 AND created_at < $2",
            Naive(Now.UtcDateTime.AddDays(-2)),
            Naive(Now.UtcDateTime)), System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        AssertResult(results.Single("de_email_nulls_2d"), CheckStatus.Ok, deNullRate);
        Assert.IsTrue(twoDays.Count > 100 && deNullRate > 0, "the window holds enough rows, some NULL, to mean something");
    }

    [TestMethod]
    public async Task Plan_FoldsEveryCheckIntoOneStatement_WithPostgresSpelling()
    {
        var config = Configs.Valid(PostgresShop.Json(Checks));
        var plan = new Planner(PostgresShop.CatalogWith(null)).Plan(config, config.Checks, Now);
        await using var source = PostgresShop.Open(config, "Host=unused");

        Assert.HasCount(1, plan);
        Assert.AreEqual(
            """
            SELECT
              (extract(epoch FROM max("created_at")) * 1000000)::bigint AS m0,
              (extract(epoch FROM max("shipped_at")) * 1000000)::bigint AS m1,
              count(*) FILTER (WHERE (country = 'FR') AND "created_at" >= $1 AND "created_at" < $2) AS m2,
              count(*) FILTER (WHERE "shipped_at" >= $3 AND "shipped_at" < $2) AS m3,
              count(*) AS m4,
              count(*) FILTER (WHERE "email" IS NULL) AS m5,
              count(*) FILTER (WHERE (country = 'DE') AND "created_at" >= $4 AND "created_at" < $2) AS m6,
              count(*) FILTER (WHERE (country = 'DE') AND "created_at" >= $4 AND "created_at" < $2 AND "email" IS NULL) AS m7
            FROM "shop"."orders";
            -- parameters: $1 = 2026-11-25 10:20:00Z, $2 = 2026-11-26 10:20:00Z, $3 = 2026-11-26 04:20:00Z, $4 = 2026-11-24 10:20:00Z
            """.ReplaceLineEndings("\n"),
            source.Describe(plan[0].Measurement).Single());
    }

    [TestMethod]
    public async Task EachChecksOwnQuery_RunByHandInAParisSession_GivesTheValueTheCheckReported()
    {
        await using var db = await PostgresShop.CreateAsync(nameof(PostgresSourceTests));
        var config = Configs.Valid(PostgresShop.Json(Checks));

        var results = await PostgresShop.RunAsync(config, db.ConnectionString, new FakeTimeProvider(Now));

        var volume = results.Single("fr_orders_1d");
        Assert.AreEqual(
            """
            SELECT
              count(*) FILTER (WHERE (country = 'FR') AND "created_at" >= '2026-11-25 10:20:00+00' AND "created_at" < '2026-11-26 10:20:00+00') AS m0
            FROM "shop"."orders";
            """.ReplaceLineEndings("\n"),
            volume.Query);
        Assert.AreEqual("Europe/Paris", await PostgresShop.ScalarAsync(db, "SHOW TimeZone"), "the hand-run session is not in UTC");
        Assert.AreEqual((long)volume.Value!.Value, await PostgresShop.ScalarAsync(db, volume.Query!));
        var fresh = results.Single("shipped_fresh");
        var micros = (long)(await PostgresShop.ScalarAsync(db, fresh.Query!))!;
        Assert.AreEqual(fresh.Value!.Value, (Now - DateTimeOffset.UnixEpoch.AddTicks(micros * 10)).TotalSeconds, 1e-9);
    }

    private static void AssertResult(CheckResult result, CheckStatus status, double value)
    {
        Assert.AreEqual(status, result.Status, result.Message);
        Assert.AreEqual(value, result.Value!.Value, 1e-9, result.Check.Name);
    }

    private static DateTime Naive(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
}
