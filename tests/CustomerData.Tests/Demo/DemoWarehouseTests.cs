using CustomerData.Checks;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Demo;

[TestClass]
// These read the shared demo warehouse file; they flaked (a check UNKNOWN) when run beside other classes that open
// it, a race not yet explained, so they run alone until it is.
[DoNotParallelize]
public sealed class DemoWarehouseTests
{
    private static async Task<IReadOnlyList<CheckResult>> RunRootChecksAsync()
    {
        var path = await DemoFixture.PathAsync();
        var loaded = new ConfigLoader(Catalog.Default, name => name == "CUSTOMERDATA_DEMO_PATH" ? path : null)
            .LoadFile(Path.Combine(Repository.Root, "checks.json"));
        return await Runs.RunAsync(loaded.Config!, new FakeTimeProvider(DemoFixture.Now), Repository.Root);
    }

    [TestMethod]
    public async Task Tables_HaveTheDocumentedSizes_TheLargestOverOneMillionRows()
    {
        Assert.AreEqual(50_000L, await DemoFixture.ScalarAsync("SELECT count(*) FROM crm.customers"));
        Assert.AreEqual(1_200_000L, await DemoFixture.ScalarAsync("SELECT count(*) FROM marketing.events"));
        var orders = (long)(await DemoFixture.ScalarAsync("SELECT count(*) FROM sales.orders"))!;
        Assert.IsTrue(orders is > 295_000 and < 300_000, $"orders: {orders}");
    }

    [TestMethod]
    public async Task SameAnchor_GivesTheSameData()
    {
        var copy = Path.Combine(DemoFixture.Directory, "copy.duckdb");
        await DemoWarehouse.CreateAsync(copy, DemoFixture.Anchor, CancellationToken.None);

        foreach (var table in new[] { "crm.customers", "sales.orders", "marketing.events" })
        {
            var sql = $"SELECT sum(hash(t)) FROM {table} t";
            Assert.AreEqual(await DemoFixture.ScalarAsync(sql), await DemoFixture.ScalarAsync(copy, sql), table);
        }
    }

    [TestMethod]
    public async Task RootChecks_FindThePlantedProblems()
    {
        var results = await RunRootChecksAsync();

        var statuses = results.ToDictionary(r => r.Check.Name, r => r.Status);
        CollectionAssert.AreEquivalent(
            new Dictionary<string, CheckStatus>
            {
                ["orders_freshness"] = CheckStatus.Ok,
                ["orders_daily_volume"] = CheckStatus.Warning,
                ["orders_total_volume"] = CheckStatus.Ok,
                ["paid_orders_amount_null_rate"] = CheckStatus.Ok,
                ["customers_freshness"] = CheckStatus.Ok,
                ["customers_email_null_rate_fr"] = CheckStatus.Warning,
                ["events_freshness"] = CheckStatus.Critical,
                ["events_campaign_null_rate_1d"] = CheckStatus.Critical,
                ["web_sessions_hourly"] = CheckStatus.Critical,
                ["customers_schema"] = CheckStatus.Critical,
                ["orders_refund_ratio_7d"] = CheckStatus.Ok,
                ["orders_replicated"] = CheckStatus.Critical,
                ["orders_order_id_unique"] = CheckStatus.Critical,
                ["orders_status_accepted"] = CheckStatus.Warning,
                ["orders_amount_not_negative"] = CheckStatus.Critical,
                ["customers_email_format"] = CheckStatus.Warning,
            },
            statuses);
    }

    [TestMethod]
    public async Task RootChecks_MeasureWhatHandWrittenSqlMeasures()
    {
        var results = await RunRootChecksAsync();
        var unknown = results.Where(r => r.Status == CheckStatus.Unknown).Select(r => $"{r.Check.Name}: {r.Message}").ToList();
        Assert.IsEmpty(unknown, string.Join("\n", unknown));

        // Yesterday in Paris (UTC+1 in November) is 2026-11-24 23:00Z to 2026-11-25 23:00Z.
        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT count(*) FROM sales.orders WHERE created_at >= TIMESTAMP '2026-11-24 23:00:00' AND created_at < TIMESTAMP '2026-11-25 23:00:00'"),
            results.Single("orders_daily_volume").Value);
        var newestEvent = (DateTime)(await DemoFixture.ScalarAsync("SELECT max(event_time) FROM marketing.events"))!;
        Assert.AreEqual((DemoFixture.Now.UtcDateTime - newestEvent).TotalSeconds, results.Single("events_freshness").Value!.Value, 1e-6);
        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT count(*) FILTER (WHERE email IS NULL) / count(*) FROM crm.customers WHERE country = 'FR'"),
            results.Single("customers_email_null_rate_fr").Value!.Value,
            1e-12);
        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT count(*) FILTER (WHERE campaign_id IS NULL) / count(*) FROM marketing.events WHERE event_time >= TIMESTAMP '2026-11-25 09:20:00' AND event_time < TIMESTAMP '2026-11-26 09:20:00'"),
            results.Single("events_campaign_null_rate_1d").Value!.Value,
            1e-12);
    }

    [TestMethod]
    public void Yesterday_FollowsTheParisCalendar()
    {
        var (start, end) = DemoWarehouse.Yesterday(new DateTimeOffset(2026, 7, 1, 0, 30, 0, TimeSpan.Zero));

        // 00:30Z on 1 July is 02:30 in Paris (UTC+2): yesterday is 30 June, 22:00Z to 22:00Z.
        Assert.AreEqual(new DateTimeOffset(2026, 6, 29, 22, 0, 0, TimeSpan.Zero), start);
        Assert.AreEqual(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), end);
    }
}
