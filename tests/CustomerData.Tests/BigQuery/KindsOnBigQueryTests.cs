using System.Text.Json;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.Kinds;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.BigQuery;

/// <summary>Uniqueness, validity and failed-row samples through the loopback BigQuery emulator: exact GoogleSQL on the wire.</summary>
[TestClass]
public sealed class KindsOnBigQueryTests
{
    private static readonly PaymentsTable Payments = new(1_500, seed: 13);

    private const string Checks = """
        [
          { "name": "ids_unique", "type": "uniqueness", "source": "SOURCE", "table": "shop.payments", "columns": ["id"], "filter": "country = 'FR'",
            "critical": { "max": 0 }, "sample_columns": ["id", "status"], "sample_size": 4 },
          { "name": "pairs_unique", "type": "uniqueness", "source": "SOURCE", "table": "shop.payments", "columns": ["customer_id", "day"], "critical": { "max": 0.9 } },
          { "name": "status_known", "type": "validity", "source": "SOURCE", "table": "shop.payments", "column": "status", "accepted_values": ["paid", "shipped", "refunded"], "warn": { "max": 0.001 } },
          { "name": "amount_range", "type": "validity", "source": "SOURCE", "table": "shop.payments", "column": "amount", "range": { "min": 0, "max": 10000.5 }, "critical": { "max": 0.5 } },
          { "name": "email_format", "type": "validity", "source": "SOURCE", "table": "shop.payments", "column": "email", "pattern": "^[^@ ]+@[^@ ]+$", "critical": { "max": 0.5 } },
          { "name": "amount_rule", "type": "validity", "source": "SOURCE", "table": "shop.payments", "column": "amount", "condition": "amount >= 0 OR status = 'refunded'", "critical": { "max": 0.5 } }
        ]
        """;

    [TestMethod]
    public async Task SameChecks_GiveTheSameValuesAsDuckDb_InOneStatement()
    {
        await using var emulator = new BigQueryEmulator(Payments.Init());
        var duck = await Runs.RunAsync(Configs.InMemory(Payments.Init(), Checks.Replace("SOURCE", "mem")), new FakeTimeProvider(PaymentsTable.Now));

        var bigQuery = await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, Checks.Replace("SOURCE", "bq"), """, "maximum_bytes_billed": "2GB" """), PaymentsTable.Now);

        foreach (var (expected, actual) in duck.Zip(bigQuery))
        {
            Assert.AreEqual(expected.Status, actual.Status, actual.Check.Name + ": " + actual.Message);
            Assert.AreEqual(expected.Value!.Value, actual.Value!.Value, 1e-12, actual.Check.Name);
            Assert.AreEqual(expected.Message, actual.Message, actual.Check.Name);
        }

        var french = Payments.Rows.Where(r => r.Country == "FR").ToList();
        Assert.AreEqual(1 - ((double)french.Select(r => r.Id).Distinct().Count() / french.Count), bigQuery.Single("ids_unique").Value!.Value, 1e-12);
        var queries = emulator.Queries.Select(q => JsonDocument.Parse(q.Body).RootElement).ToList();
        Assert.HasCount(2, queries, "one statement for six checks, then the one failing check's sample");
        Assert.AreEqual(
            """
            SELECT
              COUNTIF((country = 'FR') AND `id` IS NOT NULL) AS m0,
              COUNT(DISTINCT IF((country = 'FR'), `id`, NULL)) AS m1,
              COUNTIF(`customer_id` IS NOT NULL AND `day` IS NOT NULL) AS m2,
              COUNT(DISTINCT IF(`customer_id` IS NOT NULL AND `day` IS NOT NULL, TO_JSON_STRING(STRUCT(`customer_id`, `day`)), NULL)) AS m3,
              COUNTIF(`status` IS NOT NULL) AS m4,
              COUNTIF(`status` IS NOT NULL AND `status` NOT IN (@p0, @p1, @p2)) AS m5,
              COUNTIF(`amount` IS NOT NULL) AS m6,
              COUNTIF(`amount` IS NOT NULL AND (`amount` < @p3 OR `amount` > @p4)) AS m7,
              COUNTIF(`email` IS NOT NULL) AS m8,
              COUNTIF(`email` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`email` AS STRING), @p5)) AS m9,
              COUNTIF(`amount` IS NOT NULL AND (amount >= 0 OR status = 'refunded') IS NOT TRUE) AS m10
            FROM `test-project.shop.payments`
            """.ReplaceLineEndings("\n"),
            queries[0].GetProperty("query").GetString());
        Assert.AreEqual(
            """[{"name":"p0","parameterType":{"type":"STRING"},"parameterValue":{"value":"paid"}},{"name":"p1","parameterType":{"type":"STRING"},"parameterValue":{"value":"shipped"}},{"name":"p2","parameterType":{"type":"STRING"},"parameterValue":{"value":"refunded"}},{"name":"p3","parameterType":{"type":"INT64"},"parameterValue":{"value":"0"}},{"name":"p4","parameterType":{"type":"FLOAT64"},"parameterValue":{"value":"10000.5"}},{"name":"p5","parameterType":{"type":"STRING"},"parameterValue":{"value":"^[^@ ]+@[^@ ]+$"}}]""",
            queries[0].GetProperty("queryParameters").GetRawText());
    }

    [TestMethod]
    public async Task Sample_IsItsOwnCappedLabelledJob_WithTheDuplicatedRows()
    {
        await using var emulator = new BigQueryEmulator(Payments.Init());
        var checks = """[{ "name": "ids_unique", "type": "uniqueness", "source": "bq", "table": "shop.payments", "columns": ["id"], "critical": { "max": 0 }, "sample_columns": ["id", "status"], "sample_size": 4, "maximum_bytes_billed": "1GB" }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks, """, "maximum_bytes_billed": "2GB" """), PaymentsTable.Now)).Single();

        var sample = JsonDocument.Parse(emulator.Queries[1].Body).RootElement;
        Assert.AreEqual(
            "SELECT CAST(`id` AS STRING), CAST(`status` AS STRING)\nFROM (\n  SELECT `id`, `status`, count(*) OVER (PARTITION BY `id`) AS customerdata_copies\n"
            + "  FROM `test-project.shop.payments`\n  WHERE `id` IS NOT NULL\n) AS offending\nWHERE customerdata_copies > 1\nORDER BY `id`, `status`\nLIMIT 4",
            sample.GetProperty("query").GetString());
        Assert.AreEqual("1000000000", sample.GetProperty("maximumBytesBilled").GetString());
        Assert.AreEqual("ids_unique", sample.GetProperty("labels").GetProperty("check").GetString());

        // Truth: the first four rows, by id then status, of the ids that occur more than once.
        var repeated = Payments.Rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).SelectMany(g => g)
            .OrderBy(r => r.Id).ThenBy(r => r.Status ?? "\uffff", StringComparer.Ordinal).Take(4)
            .Select(r => $"{r.Id}|{r.Status ?? "NULL"}").ToList();
        CollectionAssert.AreEqual(repeated, result.Sample!.Rows.Select(r => $"{r[0]}|{r[1] ?? "NULL"}").ToList());
        Assert.IsNull(result.Sample.Error);
    }

    [TestMethod]
    public async Task Approximate_SendsApproxCountDistinct_AndStatesBigQuerysErrorBound()
    {
        await using var emulator = new BigQueryEmulator(Payments.Init());
        var checks = """[{ "name": "ids_unique", "type": "uniqueness", "source": "bq", "table": "shop.payments", "columns": ["id"], "approximate": true, "critical": { "max": 0.5 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), PaymentsTable.Now)).Single();

        StringAssert.Contains(JsonDocument.Parse(emulator.Queries.Single().Body).RootElement.GetProperty("query").GetString(), "APPROX_COUNT_DISTINCT(`id`) AS m1");
        var estimate = double.Parse(System.Text.RegularExpressions.Regex.Match(result.Message, @"\(([0-9,]+) distinct keys").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        StringAssert.Contains(result.Message, $"; distinct keys estimated with HyperLogLog, within about ±1%, so the share is within about ±{0.01 * estimate / Payments.Rows.Count:0.####}; critical above 0.5 (50%)");
    }
}
