using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

[TestClass]
public sealed class VolumeKindTests
{
    private static readonly DateTime Now = OrdersTable.Now.UtcDateTime;

    // Rows on the edges of the windows under test: the start is inclusive, the end exclusive.
    private static readonly OrdersTable Orders = new(3_000, seed: 11,
    [
        new OrderRow(90_001, "FR", null, Now.AddDays(-1), null),
        new OrderRow(90_002, "FR", null, Now.AddDays(-1).AddTicks(-10), null),
        new OrderRow(90_003, "FR", null, Now, null),
        new OrderRow(90_004, "DE", null, new DateTime(2026, 11, 24, 23, 0, 0), null), // 2026-11-25 00:00 in Paris
        new OrderRow(90_005, "DE", null, new DateTime(2026, 11, 25, 23, 0, 0), null), // 2026-11-26 00:00 in Paris
        new OrderRow(90_006, "DE", null, new DateTime(2026, 11, 25, 9, 0, 0), null), // 10:00-11:00 Paris, the last complete hour is 10:00-11:00 UTC
    ]);

    private static async Task<CheckResult> RunAsync(string check, string defaults = "{}")
    {
        var config = Configs.InMemory(Orders.Init(), $"[{check}]", defaults);
        return (await Runs.RunAsync(config, new FakeTimeProvider(OrdersTable.Now)))[0];
    }

    [TestMethod]
    public async Task WholeTableWithFilter_CountsTheFilteredRows()
    {
        var result = await RunAsync("""{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'GB'", "critical": { "min": 1 } }""");

        Assert.AreEqual(Orders.Rows.Count(r => r.Country == "GB"), result.Value);
        Assert.AreEqual(CheckStatus.Ok, result.Status);
    }

    [TestMethod]
    public async Task TrailingWindow_IncludesItsStartAndExcludesNow()
    {
        var expected = Orders.Rows.Count(r => r.CreatedAt >= Now.AddDays(-1) && r.CreatedAt < Now);

        var result = await RunAsync("""{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } }""");

        Assert.AreEqual(expected, result.Value);
        Assert.AreEqual("2026-11-25 10:20 to 2026-11-26 10:20 (UTC)", result.Message.Split(" rows in ")[1].Split(';')[0]);
    }

    [TestMethod]
    public async Task CompleteDay_IsYesterdayMidnightToMidnightInTheTimeZone()
    {
        var start = new DateTime(2026, 11, 24, 23, 0, 0);
        var end = new DateTime(2026, 11, 25, 23, 0, 0);
        var expected = Orders.Rows.Count(r => r.CreatedAt >= start && r.CreatedAt < end);

        var result = await RunAsync(
            """{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "min": 1 } }""",
            """{ "timezone": "Europe/Paris" }""");

        Assert.AreEqual(expected, result.Value);
        StringAssert.Contains(result.Message, "rows in 2026-11-25 00:00 to 2026-11-26 00:00 (Europe/Paris)");
    }

    [TestMethod]
    public async Task CompleteHour_IsTheLastWholeHour()
    {
        var expected = Orders.Rows.Count(r => r.CreatedAt >= new DateTime(2026, 11, 26, 9, 0, 0) && r.CreatedAt < new DateTime(2026, 11, 26, 10, 0, 0));

        var result = await RunAsync("""{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at", "window": "1h", "window_alignment": "complete", "critical": { "min": 1 } }""");

        Assert.AreEqual(expected, result.Value);
    }

    [TestMethod]
    [DataRow("""{ "warn": { "min": 100 }, "critical": { "min": 10 } }""", "ok")]
    [DataRow("""{ "warn": { "min": 100000 }, "critical": { "min": 10 } }""", "warning")]
    [DataRow("""{ "warn": { "min": 100000 }, "critical": { "min": 50000 } }""", "critical")]
    [DataRow("""{ "warn": { "max": 10 }, "critical": { "max": 100000 } }""", "warning")]
    [DataRow("""{ "critical": { "max": 10 } }""", "critical")]
    public async Task Status_FollowsTheBounds(string thresholds, string expected)
    {
        var check = """{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", """ + thresholds.TrimStart('{');

        var result = await RunAsync(check);

        Assert.AreEqual(expected, result.Status.ToString().ToLowerInvariant());
    }

    [TestMethod]
    public async Task EmptyTable_IsZeroRowsAndBreaksAMinimum()
    {
        var config = Configs.InMemory(new OrdersTable(0, seed: 1).Init(), """[{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", "critical": { "min": 1 } }]""");

        var result = (await Runs.RunAsync(config, new FakeTimeProvider(OrdersTable.Now)))[0];

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual("0 rows in the whole table; critical below 1", result.Message);
    }

    [TestMethod]
    public async Task CompleteDay_AcrossTheAutumnClockChange_Is25HoursLong()
    {
        // 2026-10-25 is 25 hours long in Paris: 00:00 is 22:00Z the day before, the next midnight 23:00Z.
        var init = new OrdersTable(0, seed: 1).Init().Append("""
            INSERT INTO shop.orders VALUES
              (1, 'FR', NULL, TIMESTAMP '2026-10-24 21:59:59', NULL),
              (2, 'FR', NULL, TIMESTAMP '2026-10-24 22:00:00', NULL),
              (3, 'FR', NULL, TIMESTAMP '2026-10-25 22:30:00', NULL),
              (4, 'FR', NULL, TIMESTAMP '2026-10-25 23:00:00', NULL)
            """);
        var config = Configs.InMemory(init, """[{ "name": "v", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at", "window": "1d", "window_alignment": "complete", "critical": { "min": 1 } }]""", """{ "timezone": "Europe/Paris" }""");

        var result = (await Runs.RunAsync(config, new FakeTimeProvider(new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero))))[0];

        Assert.AreEqual(2, result.Value);
    }
}
