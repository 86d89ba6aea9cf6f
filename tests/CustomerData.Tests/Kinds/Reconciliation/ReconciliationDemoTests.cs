using System.Globalization;
using CustomerData.Checks;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Kinds.Reconciliation;

/// <summary>The demo's reporting replica lost 3% of one day's orders; the root checks.json catches it.</summary>
[TestClass]
public sealed class ReconciliationDemoTests
{
    [TestMethod]
    public async Task RootCheck_CatchesTheReplicasLostOrders_WithCountsComputedOnTheFile()
    {
        var path = await DemoFixture.PathAsync();
        var loaded = new ConfigLoader(Catalog.Default, name => name == "CUSTOMERDATA_DEMO_PATH" ? path : null).LoadFile(Path.Combine(Repository.Root, "checks.json"));
        var results = await Runs.RunAsync(loaded.Config!, new FakeTimeProvider(DemoFixture.Now), Repository.Root);
        var result = results.Single("orders_replicated");

        // The day compared is the last complete Paris day at now − 2h: 2026-11-25 (the anchor is 2026-11-26 09:00 UTC).
        var (start, end) = DemoWarehouse.ReplicaDay(DemoFixture.Anchor);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero), start);
        var span = $"created_at >= TIMESTAMP '{start.UtcDateTime:yyyy-MM-dd HH:mm:ss}' AND created_at < TIMESTAMP '{end.UtcDateTime:yyyy-MM-dd HH:mm:ss}'";
        var left = Convert.ToInt64(await DemoFixture.ScalarAsync($"SELECT count(*) FROM sales.orders WHERE {span}"), CultureInfo.InvariantCulture);
        var right = Convert.ToInt64(await DemoFixture.ScalarAsync($"SELECT count(*) FROM replica.orders WHERE {span}"), CultureInfo.InvariantCulture);
        var share = (double)(left - right) / left;

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual(share, result.Value!.Value, 1e-12);
        Assert.AreEqual(0.03, share, 0.01, "about the 3% planted");
        var head = string.Create(CultureInfo.InvariantCulture,
            $"replica.orders (demo) has {right:#,0} of {left:#,0} rows of sales.orders (demo) for 2026-11-25 (lag 2h): {share * 100:0.###}% missing; warning above 0.1%; critical above 1%; key sample: ");
        StringAssert.StartsWith(result.Message, head);
        var sample = System.Text.RegularExpressions.Regex.Match(result.Message[head.Length..], "^([0-9,]+) of 1,000 sampled order_id of the left are missing on the right \\(order_id\\): (.*) and ([0-9,]+) more$");
        Assert.IsTrue(sample.Success, result.Message);
        var listed = sample.Groups[2].Value.Split(", ").Select(k => long.Parse(k.Trim('"'), CultureInfo.InvariantCulture)).ToList();
        Assert.HasCount(10, listed);
        Assert.AreEqual(int.Parse(sample.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) - 10, int.Parse(sample.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        foreach (var key in listed)
        {
            Assert.AreEqual(1L, Convert.ToInt64(await DemoFixture.ScalarAsync($"SELECT count(*) FROM sales.orders WHERE order_id = {key} AND {span}"), CultureInfo.InvariantCulture), $"{key} is an order of the day");
            Assert.AreEqual(0L, Convert.ToInt64(await DemoFixture.ScalarAsync($"SELECT count(*) FROM replica.orders WHERE order_id = {key}"), CultureInfo.InvariantCulture), $"{key} is not in the replica");
        }

        Assert.AreEqual(1, results.Count(r => r.Statement?.Contains("FROM \"sales\".\"orders\"", StringComparison.Ordinal) == true && r.Check.Name == "orders_daily_volume"));
        StringAssert.Contains(result.Statement, results.Single("orders_daily_volume").Statement, "the left side is read in the statement the other orders checks share");
    }
}
