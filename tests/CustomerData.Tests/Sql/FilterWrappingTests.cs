using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Sql;

/// <summary>Issue 10 item 2: a filter sits in parentheses its parser proved its own, so it cannot close the aggregate around it.</summary>
[TestClass]
public sealed class FilterWrappingTests
{
    private const string Breakout = "true)) AS BIGINT) * 0 + 424242 AS m9, CAST(count_if((true";

    private static readonly OrdersTable Orders = new(800, seed: 3);

    [TestMethod]
    public void Build_WrapsTheFilterInItsOwnParentheses_BeforeTheWindowAndNullTests()
    {
        var window = new TimeWindow("created_at", OrdersTable.Now.AddDays(-1), OrdersTable.Now);
        var measurement = new TableMeasurement("mem", "shop.orders",
        [
            new Measure(MeasureFunction.RowCount, new RowScope("country = 'FR' OR country = 'DE'", window, "email")),
            new Measure(MeasureFunction.NewestEpochMicros, new RowScope("lower(country) = 'gb'"), "created_at"),
        ]);

        var statement = new SqlQueryBuilder(DuckDbDialect.Instance).Build(measurement).Single();

        Assert.AreEqual(
            "SELECT\n"
            + "  CAST(count_if((country = 'FR' OR country = 'DE') AND \"created_at\" >= $p0 AND \"created_at\" < $p1 AND \"email\" IS NULL) AS BIGINT) AS m0,\n"
            + "  epoch_us(max(CASE WHEN (lower(country) = 'gb') THEN \"created_at\" END)) AS m1\n"
            + "FROM \"shop\".\"orders\"",
            statement.Text);
    }

    [TestMethod]
    [DataRow(Breakout)]
    [DataRow("country = 'FR') OR (1 = 1")]
    public async Task Run_WithValidationBypassed_AFilterThatLeavesItsParentheses_ChangesNoValue(string hostile)
    {
        var config = Configs.InMemory(Orders.Init(), """
            [
              { "name": "fr_1d", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'FR'", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
              { "name": "all_1d", "type": "volume", "source": "mem", "table": "shop.orders", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } },
              { "name": "forged", "type": "volume", "source": "mem", "table": "shop.orders", "filter": "country = 'DE'", "time_column": "created_at", "window": "1d", "critical": { "min": 1 } }
            ]
            """);
        var bypassed = config with { Checks = [config.Checks[0], config.Checks[1], config.Checks[2] with { Filter = hostile }] };

        var results = await Runs.RunAsync(bypassed, new FakeTimeProvider(OrdersTable.Now));

        var since = OrdersTable.Now.UtcDateTime.AddDays(-1);
        Assert.AreEqual(Orders.Rows.Count(r => r.Country == "FR" && r.CreatedAt >= since), results.Single("fr_1d").Value);
        Assert.AreEqual(Orders.Rows.Count(r => r.CreatedAt >= since), results.Single("all_1d").Value);
        Assert.AreEqual(CheckStatus.Unknown, results.Single("forged").Status);
        Assert.IsNull(results.Single("forged").Value);
        Assert.StartsWith("RefusedFilterException: filter refused, nothing was run: the filter ", results.Single("forged").Message);
    }

    [TestMethod]
    public async Task Describe_ARefusedFilter_ShowsWhyInsteadOfTheStatement()
    {
        var config = Configs.InMemory(["CREATE TABLE t (a INT)"], """[{ "name": "v", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }]""");
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(".", TimeProvider.System));
        var measurement = new TableMeasurement("mem", "t", [new Measure(MeasureFunction.RowCount, new RowScope(Breakout))]);

        var described = sources["mem"].Describe(measurement);

        CollectionAssert.AreEqual(new[] { "-- not run, the filter is not one DuckDB expression: syntax error at or near \")\" (at character 6 of the filter)" }, described.ToArray());
        await Assert.ThrowsExactlyAsync<RefusedFilterException>(() => sources["mem"].MeasureAsync(measurement, CancellationToken.None));
    }
}
