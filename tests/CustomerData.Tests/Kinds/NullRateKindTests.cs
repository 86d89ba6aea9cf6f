using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds;

[TestClass]
public sealed class NullRateKindTests
{
    private static readonly OrdersTable Orders = new(4_000, seed: 23);

    private static async Task<CheckResult> RunAsync(string check, IEnumerable<string>? init = null)
    {
        var config = Configs.InMemory(init ?? Orders.Init(), $"[{check}]");
        return (await Runs.RunAsync(config, new FakeTimeProvider(OrdersTable.Now)))[0];
    }

    [TestMethod]
    public async Task Ratio_IsNullsOverRowsOfTheFilteredWindow()
    {
        var since = OrdersTable.Now.UtcDateTime.AddHours(-12);
        var rows = Orders.Rows.Where(r => r.Country == "DE" && r.CreatedAt >= since && r.CreatedAt < OrdersTable.Now.UtcDateTime).ToList();
        var expected = (double)rows.Count(r => r.Email is null) / rows.Count;

        var result = await RunAsync("""{ "name": "n", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "filter": "country = 'DE'", "time_column": "created_at", "window": "12h", "critical": { "max": 0.5 } }""");

        Assert.AreEqual(expected, result.Value!.Value, 1e-12);
        Assert.AreEqual(CheckStatus.Ok, result.Status);
        StringAssert.StartsWith(result.Message, $"email is NULL in {rows.Count(r => r.Email is null)} of {rows.Count:#,0} rows");
    }

    [TestMethod]
    [DataRow(0.2, 0.5, "ok")]
    [DataRow(0.05, 0.5, "warning")]
    [DataRow(0.01, 0.05, "critical")]
    public async Task Status_FollowsTheLimits(double warn, double critical, string expected)
    {
        // About 7% of emails are NULL in the seeded data.
        var check = $$"""{ "name": "n", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "warn": { "max": {{warn}} }, "critical": { "max": {{critical}} } }""";

        var result = await RunAsync(check);

        Assert.AreEqual(expected, result.Status.ToString().ToLowerInvariant());
        Assert.AreEqual((double)Orders.Rows.Count(r => r.Email is null) / Orders.Rows.Count, result.Value!.Value, 1e-12);
    }

    [TestMethod]
    public async Task AllNullColumn_IsARatioOfOne()
    {
        var init = new OrdersTable(0, seed: 1).Init().Append("INSERT INTO shop.orders SELECT range, 'FR', NULL, TIMESTAMP '2026-11-26 00:00:00', NULL FROM range(50)");

        var result = await RunAsync("""{ "name": "n", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "critical": { "max": 0.5 } }""", init);

        Assert.AreEqual(1.0, result.Value);
        Assert.AreEqual(CheckStatus.Critical, result.Status);
    }

    [TestMethod]
    public async Task FewerRowsThanMinRows_IsUnknownWithTheCount()
    {
        var expectedRows = Orders.Rows.Count(r => r.Country == "FR" && r.CreatedAt >= OrdersTable.Now.UtcDateTime.AddHours(-1));

        var result = await RunAsync("""{ "name": "n", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "filter": "country = 'FR'", "time_column": "created_at", "window": "1h", "min_rows": 1000, "critical": { "max": 0.5 } }""");

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsNull(result.Value);
        Assert.AreEqual($"only {expectedRows} rows in 2026-11-26 09:20 to 2026-11-26 10:20 (UTC) where country = 'FR', fewer than min_rows 1,000: a ratio would mean little", result.Message);
    }

    [TestMethod]
    public async Task EmptyTable_IsUnknownEvenWithMinRowsZero()
    {
        var result = await RunAsync("""{ "name": "n", "type": "null_rate", "source": "mem", "table": "shop.orders", "column": "email", "min_rows": 0, "critical": { "max": 0.5 } }""", new OrdersTable(0, seed: 1).Init());

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
    }
}
