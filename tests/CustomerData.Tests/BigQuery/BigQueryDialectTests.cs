using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Checks.Sql;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class BigQueryDialectTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Build_WindowsOnOneColumn_AreHoistedIntoWhereForPartitionPruning()
    {
        var day = new TimeWindow("created_at", Start, End);
        var week = new TimeWindow("created_at", Start.AddDays(-6), End);
        var measurement = new TableMeasurement("bq", "shop.orders",
        [
            new Measure(MeasureFunction.RowCount, new RowScope(Window: day)),
            new Measure(MeasureFunction.RowCount, new RowScope("country = 'FR'", week, "email")),
        ]);

        var statement = new BigQueryQueryBuilder("acme-analytics").Build(measurement).Single();

        Assert.AreEqual(
            """
            SELECT
              COUNTIF(`created_at` >= @p0 AND `created_at` < @p1) AS m0,
              COUNTIF((country = 'FR') AND `created_at` >= @p2 AND `created_at` < @p1 AND `email` IS NULL) AS m1
            FROM `acme-analytics.shop.orders`
            WHERE `created_at` >= @p2 AND `created_at` < @p1
            """.ReplaceLineEndings("\n"),
            statement.Text);
        CollectionAssert.AreEqual(new[] { new SqlParameter("p0", Start), new SqlParameter("p1", End), new SqlParameter("p2", Start.AddDays(-6)) }, statement.Parameters.ToArray());
    }

    [TestMethod]
    public void Build_SharedFilterAndFreshness_HoistsTheFilterAndUsesUnixMicros()
    {
        var measurement = new TableMeasurement("bq", "shop.orders",
        [
            new Measure(MeasureFunction.NewestEpochMicros, new RowScope("country = 'FR'"), "created_at"),
            new Measure(MeasureFunction.RowCount, new RowScope("country = 'FR'")),
        ]);

        var statement = new BigQueryQueryBuilder("p-123456").Build(measurement).Single();

        Assert.AreEqual(
            "SELECT\n  UNIX_MICROS(MAX(IF((country = 'FR'), `created_at`, NULL))) AS m0,\n  COUNTIF((country = 'FR')) AS m1\nFROM `p-123456.shop.orders`\nWHERE (country = 'FR')",
            statement.Text);
    }

    [TestMethod]
    public void Build_WholeTableAggregateBesideAWindow_HasNoWhere()
    {
        var measurement = new TableMeasurement("bq", "shop.orders",
        [
            new Measure(MeasureFunction.NewestEpochMicros, RowScope.All, "created_at"),
            new Measure(MeasureFunction.RowCount, new RowScope(Window: new TimeWindow("created_at", Start, End))),
        ]);

        var statement = new BigQueryQueryBuilder("p-123456").Build(measurement).Single();

        Assert.AreEqual("SELECT\n  UNIX_MICROS(MAX(`created_at`)) AS m0,\n  COUNTIF(`created_at` >= @p0 AND `created_at` < @p1) AS m1\nFROM `p-123456.shop.orders`", statement.Text);
    }

    [TestMethod]
    public void TimestampParameters_AreCanonicalUtcToTheMicrosecond()
    {
        var parameter = BigQuerySource.ToParameter(new SqlParameter("p0", new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.FromHours(1)).AddTicks(12340)));

        Assert.AreEqual(("p0", "TIMESTAMP", "2026-11-26 00:30:00.001234+00:00"), (parameter.Name, parameter.Type, parameter.Value));
    }
}
