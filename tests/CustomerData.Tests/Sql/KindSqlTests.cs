using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Checks.Sql;

namespace CustomerData.Tests.Sql;

/// <summary>The exact SQL of uniqueness and validity aggregates and of failed-row samples, on DuckDB and BigQuery.</summary>
[TestClass]
public sealed class KindSqlTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly ColumnKey Pair = new(["customer_id", "day"]);

    private static TableMeasurement Measurement() => new("s", "shop.payments",
    [
        new Measure(MeasureFunction.CountWhere, new RowScope("country = 'FR'", new TimeWindow("created_at", Start, End))) { Condition = new KeyPresent(Pair) },
        new Measure(MeasureFunction.DistinctCount, new RowScope("country = 'FR'", new TimeWindow("created_at", Start, End))) { Key = Pair },
        new Measure(MeasureFunction.ApproxDistinctCount, RowScope.All) { Key = new ColumnKey(["id"]) },
        new Measure(MeasureFunction.CountWhere, RowScope.All) { Condition = new InvalidValue("status", new AcceptedValues(["paid", "it's"])) },
        new Measure(MeasureFunction.CountWhere, RowScope.All) { Condition = new InvalidValue("amount", new ValueRange(0, 10_000.5)) },
        new Measure(MeasureFunction.CountWhere, RowScope.All) { Condition = new InvalidValue("email", new PatternRule("^[^@]+@[^@]+$")) },
        new Measure(MeasureFunction.CountWhere, RowScope.All) { Condition = new InvalidValue("amount", new ConditionRule("amount >= 0 OR status = 'refunded'")) },
    ]);

    [TestMethod]
    public void DuckDb_FoldsEveryRuleIntoOneStatement_ValuesBoundAsParameters()
    {
        var statement = new SqlQueryBuilder(DuckDbDialect.Instance).Build(Measurement()).Single();

        Assert.AreEqual(
            """
            SELECT
              CAST(count_if((country = 'FR') AND "created_at" >= $p0 AND "created_at" < $p1 AND "customer_id" IS NOT NULL AND "day" IS NOT NULL) AS BIGINT) AS m0,
              count(DISTINCT CASE WHEN (country = 'FR') AND "created_at" >= $p0 AND "created_at" < $p1 AND "customer_id" IS NOT NULL AND "day" IS NOT NULL THEN row("customer_id", "day") END) AS m1,
              approx_count_distinct("id") AS m2,
              CAST(count_if("status" IS NOT NULL AND "status" NOT IN ($p2, $p3)) AS BIGINT) AS m3,
              CAST(count_if("amount" IS NOT NULL AND ("amount" < $p4 OR "amount" > $p5)) AS BIGINT) AS m4,
              CAST(count_if("email" IS NOT NULL AND NOT regexp_matches(CAST("email" AS VARCHAR), $p6)) AS BIGINT) AS m5,
              CAST(count_if("amount" IS NOT NULL AND (amount >= 0 OR status = 'refunded') IS NOT TRUE) AS BIGINT) AS m6
            FROM "shop"."payments"
            """.ReplaceLineEndings("\n"),
            statement.Text);
        CollectionAssert.AreEqual(
            new object[] { Start, End, "paid", "it's", 0L, 10_000.5, "^[^@]+@[^@]+$" },
            statement.Parameters.Select(p => p.Value).ToArray());
    }

    [TestMethod]
    public void DuckDb_LiteralCopy_EscapesQuotes()
    {
        var text = new SqlQueryBuilder(DuckDbDialect.Instance, literals: true).Build(Measurement()).Single().Text;

        StringAssert.Contains(text, "\"status\" NOT IN ('paid', 'it''s')");
        StringAssert.Contains(text, "(\"amount\" < 0 OR \"amount\" > 10000.5)");
        StringAssert.Contains(text, "regexp_matches(CAST(\"email\" AS VARCHAR), '^[^@]+@[^@]+$')");
    }

    [TestMethod]
    public void BigQuery_SpellsKeysAsJsonText_AndHyperLogLogAsApproxCountDistinct()
    {
        var statement = new BigQueryQueryBuilder("acme-analytics").Build(Measurement()).Single();

        Assert.AreEqual(
            """
            SELECT
              COUNTIF((country = 'FR') AND `created_at` >= @p0 AND `created_at` < @p1 AND `customer_id` IS NOT NULL AND `day` IS NOT NULL) AS m0,
              COUNT(DISTINCT IF((country = 'FR') AND `created_at` >= @p0 AND `created_at` < @p1 AND `customer_id` IS NOT NULL AND `day` IS NOT NULL, TO_JSON_STRING(STRUCT(`customer_id`, `day`)), NULL)) AS m1,
              APPROX_COUNT_DISTINCT(`id`) AS m2,
              COUNTIF(`status` IS NOT NULL AND `status` NOT IN (@p2, @p3)) AS m3,
              COUNTIF(`amount` IS NOT NULL AND (`amount` < @p4 OR `amount` > @p5)) AS m4,
              COUNTIF(`email` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`email` AS STRING), @p6)) AS m5,
              COUNTIF(`amount` IS NOT NULL AND (amount >= 0 OR status = 'refunded') IS NOT TRUE) AS m6
            FROM `acme-analytics.shop.payments`
            """.ReplaceLineEndings("\n"),
            statement.Text);
        StringAssert.Contains(new BigQueryQueryBuilder("acme-analytics", literals: true).Build(Measurement()).Single().Text, "`status` NOT IN ('paid', 'it\\'s')");
    }

    [TestMethod]
    public void Sample_OfDuplicateKeys_IsOneWindowedStatementOrderedByKey()
    {
        var request = new SampleRequest("shop.payments", new RowScope("country = 'FR'"), new DuplicateKey(Pair), ["id", "day"], 5);

        var duck = new SqlQueryBuilder(DuckDbDialect.Instance).BuildSample(request);
        var bigQuery = new BigQueryQueryBuilder("acme-analytics").BuildSample(request);

        Assert.AreEqual(
            """
            SELECT CAST("id" AS VARCHAR), CAST("day" AS VARCHAR)
            FROM (
              SELECT "id", "day", "customer_id", count(*) OVER (PARTITION BY "customer_id", "day") AS customerdata_copies
              FROM "shop"."payments"
              WHERE (country = 'FR') AND "customer_id" IS NOT NULL AND "day" IS NOT NULL
            ) AS offending
            WHERE customerdata_copies > 1
            ORDER BY "customer_id", "day", "id"
            LIMIT 5
            """.ReplaceLineEndings("\n"),
            duck.Text);
        Assert.AreEqual(
            """
            SELECT CAST(`id` AS STRING), CAST(`day` AS STRING)
            FROM (
              SELECT `id`, `day`, `customer_id`, count(*) OVER (PARTITION BY `customer_id`, `day`) AS customerdata_copies
              FROM `acme-analytics.shop.payments`
              WHERE (country = 'FR') AND `customer_id` IS NOT NULL AND `day` IS NOT NULL
            ) AS offending
            WHERE customerdata_copies > 1
            ORDER BY `customer_id`, `day`, `id`
            LIMIT 5
            """.ReplaceLineEndings("\n"),
            bigQuery.Text);
    }

    [TestMethod]
    public void Sample_OfInvalidAndNullRows_SelectsOnlyTheNamedColumns_InTheChecksWindow()
    {
        var window = new RowScope(Window: new TimeWindow("created_at", Start, End));

        var invalid = new SqlQueryBuilder(DuckDbDialect.Instance).BuildSample(new SampleRequest("shop.payments", window, new InvalidValue("status", new AcceptedValues(["paid"])), ["id", "status"], 3));
        var nulls = new SqlQueryBuilder(DuckDbDialect.Instance, literals: true).BuildSample(new SampleRequest("shop.payments", window, new NullValue("email"), ["id"], 100));

        Assert.AreEqual(
            "SELECT CAST(\"id\" AS VARCHAR), CAST(\"status\" AS VARCHAR)\nFROM \"shop\".\"payments\"\n"
            + "WHERE \"created_at\" >= $p0 AND \"created_at\" < $p1 AND \"status\" IS NOT NULL AND \"status\" NOT IN ($p2)\nORDER BY \"id\", \"status\"\nLIMIT 3",
            invalid.Text);
        Assert.AreEqual(
            "SELECT CAST(\"id\" AS VARCHAR)\nFROM \"shop\".\"payments\"\n"
            + "WHERE \"created_at\" >= '2026-11-25 00:00:00+00' AND \"created_at\" < '2026-11-26 00:00:00+00' AND \"email\" IS NULL\nORDER BY \"id\"\nLIMIT 100",
            nulls.Text);
    }
}
