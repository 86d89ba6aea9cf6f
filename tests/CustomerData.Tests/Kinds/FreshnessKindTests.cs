using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

[TestClass]
public sealed class FreshnessKindTests
{
    private static readonly OrdersTable Orders = new(2_000, seed: 7);

    private static async Task<CheckResult> RunAsync(string check, DateTimeOffset? now = null, IEnumerable<string>? init = null)
    {
        var config = Configs.InMemory(init ?? Orders.Init(), $"[{check}]");
        return (await Runs.RunAsync(config, new FakeTimeProvider(now ?? OrdersTable.Now)))[0];
    }

    [TestMethod]
    public async Task Lag_IsNowMinusTheNewestValueOfTheFilteredRows()
    {
        var newest = Orders.Rows.Where(r => r.Country == "FR").Max(r => r.CreatedAt);

        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "created_at", "filter": "country = 'FR'", "critical_after": "1d" }""");

        Assert.AreEqual((OrdersTable.Now - new DateTimeOffset(newest, TimeSpan.Zero)).TotalSeconds, result.Value!.Value, 1e-6);
        Assert.AreEqual(CheckStatus.Ok, result.Status);
    }

    [TestMethod]
    [DataRow(0.5, "ok")]
    [DataRow(2.5, "warning")]
    [DataRow(7, "critical")]
    public async Task Status_FollowsWarnAfterAndCriticalAfter(double hoursLater, string expected)
    {
        var newest = Orders.Rows.Where(r => r.ShippedAt is not null).Max(r => r.ShippedAt!.Value.UtcDateTime);
        var now = new DateTimeOffset(newest, TimeSpan.Zero).AddHours(hoursLater);

        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "shipped_at", "warn_after": "2h", "critical_after": "6h" }""", now);

        Assert.AreEqual(expected, result.Status.ToString().ToLowerInvariant());
        Assert.AreEqual(hoursLater * 3600, result.Value!.Value, 1e-3);
    }

    [TestMethod]
    public async Task TimestampWithTimeZoneColumn_IsComparedAsAnInstant()
    {
        var newest = Orders.Rows.Where(r => r.ShippedAt is not null).Max(r => r.ShippedAt!.Value);

        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "shipped_at", "critical_after": "1d" }""");

        Assert.AreEqual((OrdersTable.Now - newest).TotalSeconds, result.Value!.Value, 1e-6);
    }

    [TestMethod]
    public async Task EmptyTable_IsUnknownNotOk()
    {
        var result = await RunAsync(
            """{ "name": "f", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "created_at", "critical_after": "1d" }""",
            init: new OrdersTable(0, seed: 1).Init());

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("no rows with a created_at value, or the newest is infinite, so freshness cannot be measured", result.Message);
    }

    [TestMethod]
    public async Task AllNullColumn_IsUnknown()
    {
        var result = await RunAsync(
            """{ "name": "f", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "shipped_at", "critical_after": "1d" }""",
            init: [.. new OrdersTable(0, seed: 1).Init(), "INSERT INTO shop.orders VALUES (1, 'FR', NULL, TIMESTAMP '2026-11-26 10:00:00', NULL)"]);

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsNull(result.Value);
    }

    [TestMethod]
    public async Task Message_SaysHowOldInTheConfiguredTimeZone()
    {
        var init = new OrdersTable(0, seed: 1).Init().Append("INSERT INTO shop.orders VALUES (1, 'FR', NULL, TIMESTAMP '2026-11-26 01:05:00', NULL)");
        var config = Configs.InMemory(init, """[{ "name": "f", "type": "freshness", "source": "mem", "table": "shop.orders", "column": "created_at", "warn_after": "2h", "critical_after": "6h" }]""", """{ "timezone": "Europe/Paris" }""");

        var result = (await Runs.RunAsync(config, new FakeTimeProvider(OrdersTable.Now)))[0];

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual("9h15m old", result.Observed);
        Assert.AreEqual("newest created_at is 9h15m old (2026-11-26 02:05:00 +01:00); warning after 2h; critical after 6h", result.Message);
    }
}
