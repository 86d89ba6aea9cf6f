using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DuckDb;

/// <summary>
/// Checks of every kind on DuckDB columns holding what real tables hold by accident: NaN and infinities in DOUBLE
/// columns, timestamps at DuckDB's infinities and far from now, empty tables. Each result says what was found.
/// </summary>
[TestClass]
public sealed class HostileDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 20, 0, TimeSpan.Zero);

    private static readonly string[] Init =
    [
        "CREATE SCHEMA odd",
        "CREATE TABLE odd.readings (id BIGINT, reading DOUBLE, seen_at TIMESTAMP, seen_tz TIMESTAMPTZ, seen_day DATE)",
        "INSERT INTO odd.readings VALUES (1, 'NaN', '2026-11-26 09:20:00', '2026-11-26 09:20:00+00', '2026-11-25'), "
            + "(2, 'Infinity', 'infinity', 'infinity', 'infinity'), (3, '-Infinity', NULL, NULL, NULL), (4, 5.5, NULL, NULL, NULL), "
            + "(5, NULL, NULL, NULL, NULL)",
        "CREATE TABLE odd.empty (id BIGINT, reading DOUBLE, seen_at TIMESTAMP)",
        "CREATE TABLE odd.far (id BIGINT, seen_at TIMESTAMP, past_at TIMESTAMP, early_at TIMESTAMP, soon_at TIMESTAMPTZ)",
        "INSERT INTO odd.far VALUES (1, '20000-01-01 00:00:00', '0500-01-01', '2000-01-01 (BC)', '2026-11-26 14:20:00+02')",
        "CREATE TABLE odd.texts (id BIGINT, note VARCHAR, payload BLOB)",
        "INSERT INTO odd.texts VALUES (1, repeat('a', 199) || '\U0001F600' || repeat('b', 100000), '\\x00\\xFF'::BLOB)",
    ];

    private static async Task<CheckResult> RunAsync(string check) =>
        (await Runs.RunAsync(Configs.InMemory(Init, $"[{check}]"), new FakeTimeProvider(Now)))[0];

    private static string Sql(string query, string rest = """ "critical": { "max": 1 } """) =>
        $$"""{ "name": "q", "type": "sql", "source": "mem", "table": "odd.readings", "query": "{{query}}", {{rest}} }""";

    [TestMethod]
    [DataRow("SELECT 'NaN'::DOUBLE AS v", "column v of the query is NaN, not a number a threshold can judge")]
    [DataRow("SELECT 'Infinity'::DOUBLE AS v", "column v of the query is Infinity, not a number a threshold can judge")]
    [DataRow("SELECT '-inf'::FLOAT AS v", "column v of the query is -Infinity, not a number a threshold can judge")]
    [DataRow("SELECT max(reading) AS v FROM odd.readings", "column v of the query is NaN, not a number a threshold can judge")]
    public async Task Sql_ANaNOrInfiniteValue_IsUnknown_SayingWhatItWas_NotNull(string query, string message)
    {
        var result = await RunAsync(Sql(query));

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsNull(result.Value);
        Assert.AreEqual("QueryResultException: " + message, result.Message);
    }

    [TestMethod]
    public async Task Sql_ANamedColumnThatIsNaN_IsUnknown_NamingThatColumn()
    {
        var result = await RunAsync(Sql(
            "SELECT 1.0 AS fine, 'NaN'::DOUBLE AS broken",
            """ "columns": { "fine": { "critical": { "max": 5 } }, "broken": { "critical": { "max": 5 } } } """));

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("QueryResultException: column broken of the query is NaN, not a number a threshold can judge", result.Message);
    }

    [TestMethod]
    [DataRow("""{ "min": 0, "max": 10 }""", 3, "0 to 10")]
    [DataRow("""{ "min": 0 }""", 1, "at least 0")]
    public async Task ValidityRange_OnDuckDb_SortsNaNAboveEveryNumber(string range, int invalid, string rule)
    {
        // reading holds NaN, Infinity, -Infinity, 5.5 and a NULL: NaN breaks a max, never a min.
        var result = await RunAsync($$"""{ "name": "v", "type": "validity", "source": "mem", "table": "odd.readings", "column": "reading", "range": {{range}}, "critical": { "max": 0.9 } }""");

        Assert.AreEqual(invalid / 4.0, result.Value);
        StringAssert.StartsWith(result.Message, $"reading breaks range {rule} in {invalid} of 4 non-NULL values");
    }

    [TestMethod]
    public async Task Freshness_ANewestValueOfInfinity_IsUnknown_AndSaysInfinityIsPossible()
    {
        // seen_at holds 09:20 (1h old) and 'infinity': DuckDB's max is infinity, whose epoch_us is NULL.
        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "mem", "table": "odd.readings", "column": "seen_at", "critical_after": "6h" }""");

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual("no rows with a seen_at value, or the newest is infinite, so freshness cannot be measured", result.Message);
    }

    [TestMethod]
    [DataRow("seen_at", "after 9999", "newest seen_at is after 9999-12-31, too far in the future to measure an age from; critical after 6h")]
    [DataRow("early_at", "before 0001", "newest early_at is before 0001-01-01, too far in the past to measure an age from; critical after 6h")]
    public async Task Freshness_ATimeOutsideYears1To9999_IsUnknown_SayingWhere_NotACrash(string column, string observed, string message)
    {
        var result = await RunAsync($$"""{ "name": "f", "type": "freshness", "source": "mem", "table": "odd.far", "column": "{{column}}", "critical_after": "6h" }""");

        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.IsNull(result.Value);
        Assert.AreEqual(observed, result.Observed);
        Assert.AreEqual(message, result.Message);
    }

    [TestMethod]
    public async Task Freshness_AnAncientButRepresentableTime_IsJudgedWithItsRealAge()
    {
        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "mem", "table": "odd.far", "column": "past_at", "critical_after": "6h" }""");

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        Assert.AreEqual((Now - new DateTimeOffset(500, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds, result.Value);
        Assert.AreEqual("newest past_at is 557689d10h20m old (0500-01-01 00:00:00 +00:00); critical after 6h", result.Message);
    }

    [TestMethod]
    public async Task Freshness_AFutureTimeWithinRange_IsJudgedWithItsNegativeLag()
    {
        // 14:20 at +02 is 12:20 UTC: two hours after the run's clock.
        var result = await RunAsync("""{ "name": "f", "type": "freshness", "source": "mem", "table": "odd.far", "column": "soon_at", "critical_after": "6h" }""");

        Assert.AreEqual(CheckStatus.Ok, result.Status);
        Assert.AreEqual(-7200.0, result.Value);
        Assert.AreEqual("newest soon_at is 2h in the future (2026-11-26 12:20:00 +00:00); critical after 6h", result.Message);
    }

    [TestMethod]
    public async Task Sample_AHugeValue_IsCutBeforeASurrogatePair_AndABlobReadsAsEscapedText()
    {
        var result = await RunAsync("""{ "name": "v", "type": "validity", "source": "mem", "table": "odd.texts", "column": "note", "pattern": "^x", "critical": { "max": 0 }, "sample_columns": ["note", "payload"] }""");

        Assert.AreEqual(CheckStatus.Critical, result.Status);
        var row = result.Sample!.Rows.Single();
        // 199 'a', an emoji (2 UTF-16 units) and 100,000 'b': cutting at 200 would keep half the emoji.
        Assert.AreEqual(new string('a', 199) + "… [cut 100002 characters]", row[0]);
        Assert.AreEqual("\\x00\\xFF", row[1]);
        Assert.DoesNotContain("\\uFFFD", System.Text.Json.JsonSerializer.Serialize(result.Sample));
    }
}
