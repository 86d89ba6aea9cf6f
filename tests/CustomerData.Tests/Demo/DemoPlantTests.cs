using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Demo;

/// <summary>The demo's planted data errors, measured by the root checks and by SQL written by hand over the same file.</summary>
[TestClass]
public sealed class DemoPlantTests
{
    private static async Task<IReadOnlyList<CheckResult>> RunAsync()
    {
        var path = await DemoFixture.PathAsync();
        var loaded = new ConfigLoader(Catalog.Default, name => name == "CUSTOMERDATA_DEMO_PATH" ? path : null).LoadFile(Path.Combine(Repository.Root, "checks.json"));
        var names = new[] { "orders_order_id_unique", "orders_status_accepted", "orders_amount_not_negative", "customers_email_format" };
        var config = loaded.Config! with { Checks = [.. loaded.Config!.Checks.Where(c => names.Contains(c.Name))] };
        return await Runs.RunAsync(config, new FakeTimeProvider(DemoFixture.Now), Repository.Root);
    }

    [TestMethod]
    public async Task EachPlant_IsCaught_WithTheShareHandWrittenSqlMeasures()
    {
        var results = await RunAsync();

        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT 1 - count(DISTINCT order_id) / count(order_id) FROM sales.orders"),
            results.Single("orders_order_id_unique").Value!.Value, 1e-12);
        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT avg(CASE WHEN status IN ('paid', 'shipped', 'delivered', 'refunded') THEN 0 ELSE 1 END) FROM sales.orders WHERE status IS NOT NULL"),
            results.Single("orders_status_accepted").Value!.Value, 1e-12);
        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT avg(CASE WHEN amount_eur < 0 THEN 1 ELSE 0 END) FROM sales.orders WHERE amount_eur IS NOT NULL"),
            results.Single("orders_amount_not_negative").Value!.Value, 1e-12);
        Assert.AreEqual(
            await DemoFixture.DoubleAsync("SELECT avg(CASE WHEN email LIKE '% at %' THEN 1 ELSE 0 END) FROM crm.customers WHERE email IS NOT NULL"),
            results.Single("customers_email_format").Value!.Value, 1e-12);
        CollectionAssert.AreEqual(
            new[] { CheckStatus.Critical, CheckStatus.Warning, CheckStatus.Critical, CheckStatus.Warning },
            results.Select(r => r.Status).ToArray());
    }

    [TestMethod]
    public async Task DuplicatedBatch_SampleShowsOrdersLoadedTwice_EmailsStayOutOfTheirSample()
    {
        var results = await RunAsync();

        var duplicates = results.Single("orders_order_id_unique").Sample!;
        var first = await DemoFixture.ScalarAsync("SELECT min(order_id) FROM (SELECT order_id FROM sales.orders GROUP BY order_id HAVING count(*) > 1)");
        Assert.AreEqual(Convert.ToString(first, System.Globalization.CultureInfo.InvariantCulture), duplicates.Rows[0][0]);
        Assert.AreEqual(duplicates.Rows[0][0], duplicates.Rows[1][0], "a duplicated order is shown with its copy");
        var emails = results.Single("customers_email_format").Sample!;
        Assert.HasCount(5, emails.Rows);
        Assert.IsTrue(emails.Rows.All(r => r[2] is null), "email is pii: never read");
        Assert.AreEqual("SELECT CAST(\"customer_id\" AS VARCHAR), CAST(\"country\" AS VARCHAR)", emails.Query!.Split('\n')[0], "the sample statement never selects the email");
    }
}
