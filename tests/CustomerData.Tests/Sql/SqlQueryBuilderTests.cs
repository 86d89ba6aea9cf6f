using CustomerData.Checks.Sql;

namespace CustomerData.Tests.Sql;

[TestClass]
public sealed class SqlQueryBuilderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Build_MeasuresOfOneTable_OneStatementWithFilterAggregatesAndSharedParameters()
    {
        var window = new TimeWindow("created_at", Start, End);
        var measurement = new TableMeasurement("demo", "sales.orders",
        [
            new Measure(MeasureFunction.RowCount, RowScope.All),
            new Measure(MeasureFunction.NewestEpochMicros, new RowScope("country = 'FR'"), "updated_at"),
            new Measure(MeasureFunction.RowCount, new RowScope(Window: window)),
            new Measure(MeasureFunction.RowCount, new RowScope("status = 'paid'", window, "amount")),
        ]);

        var statements = new SqlQueryBuilder(DuckDbDialect.Instance).Build(measurement);

        Assert.HasCount(1, statements);
        Assert.AreEqual(
            """
            SELECT
              count(*) AS m0,
              epoch_us(max(CASE WHEN (country = 'FR') THEN "updated_at" END)) AS m1,
              CAST(count_if("created_at" >= $p0 AND "created_at" < $p1) AS BIGINT) AS m2,
              CAST(count_if((status = 'paid') AND "created_at" >= $p0 AND "created_at" < $p1 AND "amount" IS NULL) AS BIGINT) AS m3
            FROM "sales"."orders"
            """.ReplaceLineEndings("\n"),
            statements[0].Text);
        CollectionAssert.AreEqual(new[] { new SqlParameter("p0", Start), new SqlParameter("p1", End) }, statements[0].Parameters.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, statements[0].MeasureIndexes.ToArray());
    }

    [TestMethod]
    public void Build_MoreAggregatesThanTheStatementLimit_SplitsAndKeepsColumnOrder()
    {
        var measures = Enumerable.Range(0, 5).Select(i => new Measure(MeasureFunction.RowCount, new RowScope($"n = {i}"))).ToList();

        var statements = new SqlQueryBuilder(DuckDbDialect.Instance, maxAggregatesPerStatement: 2).Build(new TableMeasurement("s", "t", measures));

        Assert.HasCount(3, statements);
        CollectionAssert.AreEqual(new[] { 4 }, statements[2].MeasureIndexes.ToArray());
        Assert.AreEqual("SELECT\n  CAST(count_if((n = 4)) AS BIGINT) AS m4\nFROM \"t\"", statements[2].Text);
    }

    [TestMethod]
    public void Describe_ShowsParametersInUtc()
    {
        var statement = new SqlStatement("SELECT 1", [new SqlParameter("p0", new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.FromHours(1)))], [0]);

        Assert.AreEqual("SELECT 1;\n-- parameters: p0 = 2026-11-26 00:30:00Z", statement.Describe());
    }

    [TestMethod]
    public void QuoteIdentifier_DottedName_QuotesEachSegment()
    {
        Assert.AreEqual("\"crm\".\"customers\"", DuckDbDialect.Instance.QuoteIdentifier("crm.customers"));
    }
}
