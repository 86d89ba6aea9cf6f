using System.Text.Json;
using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

/// <summary>
/// BigQuery filters get the same structural proof from DuckDB's parser, plus a refusal of what GoogleSQL's lexer reads
/// differently; with validation bypassed, a refused filter never reaches BigQuery, not even as a dry run.
/// </summary>
[TestClass]
public sealed class BigQueryFilterTests
{
    private static readonly OrdersTable Orders = new(400, seed: 5);

    private static string Json(string filter) => $$"""
        {
          "sources": { "bq": { "type": "bigquery", "project": "test-project", "location": "EU" } },
          "checks": [
            { "name": "v", "type": "volume", "source": "bq", "table": "shop.orders", "filter": {{JsonSerializer.Serialize(filter)}}, "critical": { "min": 1 } }
          ]
        }
        """;

    [TestMethod]
    [DataRow("status = \"paid\"")]
    [DataRow("REGEXP_CONTAINS(email, '^c1')")]
    [DataRow("TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY) < created_at")]
    [DataRow("IF(country = 'FR', 1, 0) = 1 AND IFNULL(email, 'x') <> 'x'")]
    [DataRow("EXTRACT(DAYOFWEEK FROM created_at) = 1 AND DATE(created_at) < CURRENT_DATE()")]
    [DataRow("CAST(id AS INT64) > 3 AND CAST(country AS STRING) = 'FR'")]
    [DataRow("country IN ('FR', 'DE') AND email LIKE 'c%' AND NOT email IS NULL")]
    public void GoogleSqlPredicates_Validate(string filter) => Configs.Valid(Json(filter));

    [TestMethod]
    [DataRow("email LIKE 'a\\\\_%'", "the filter holds a backslash, which BigQuery reads as an escape in strings and DuckDB's parser does not (at character 14 of the filter)")]
    [DataRow("country = 'FR' # comment", "the filter holds \"#\", which starts a comment in BigQuery (at character 16 of the filter)")]
    [DataRow("`country` = 'FR'", "the filter holds a backtick-quoted name: write plain column names (at character 1 of the filter)")]
    [DataRow("name = '''x'''", "the filter holds ''', a triple-quoted string, which BigQuery and DuckDB's parser read differently (at character 8 of the filter)")]
    [DataRow("REGEXP_CONTAINS(email, r'^c')", "the filter casts to r, which is not a plain type (at character 17 of the filter)")]
    [DataRow("ERROR('x') IS NULL", "the filter calls error, which is not an allowed function (at character 1 of the filter)")]
    [DataRow("EXTERNAL_QUERY('c', 'SELECT 1') IS NULL", "the filter calls external_query, which is not an allowed function (at character 1 of the filter)")]
    [DataRow("SAFE.LOWER(country) = 'fr'", "the filter calls SAFE.lower, which is not an allowed function (at character 1 of the filter)")]
    [DataRow("SESSION_USER() = 'x'", "the filter calls session_user, which is not an allowed function (at character 1 of the filter)")]
    [DataRow("country = (SELECT MAX(country) FROM other.secret_table)", "the filter holds a subquery (SCALAR): a filter reads only the checked table's own columns (at character 11 of the filter)")]
    [DataRow("country = 'FR' QUALIFY TRUE", "the filter is not one DuckDB expression: syntax error at or near \"QUALIFY\" (at character 16 of the filter)")]
    public void OtherText_IsRefused_WithItsReason(string filter, string reason)
    {
        var error = Configs.Load(Json(filter)).Errors.Single();

        Assert.AreEqual("$.checks[0].filter", error.Path);
        Assert.AreEqual(reason.Replace("is not one DuckDB expression", "does not parse with DuckDB's parser, which a BigQuery filter must also pass", StringComparison.Ordinal), error.Message);
        Assert.AreEqual(4, error.Line);
    }

    [TestMethod]
    public async Task Run_WithValidationBypassed_ARefusedFilterIsNeverSent_AndTheOtherChecksStillCount()
    {
        await using var emulator = new BigQueryEmulator(Orders.Init());
        var config = BigQueryHarness.Config(emulator, """
            [
              { "name": "fr", "type": "volume", "source": "bq", "table": "shop.orders", "filter": "country = 'FR'", "critical": { "min": 1 } },
              { "name": "forged", "type": "volume", "source": "bq", "table": "shop.orders", "filter": "country = 'DE'", "critical": { "min": 1 } }
            ]
            """);
        var hostile = "ERROR((SELECT STRING_AGG(secret) FROM other.secrets)) IS NULL";
        var bypassed = config with { Checks = [config.Checks[0], config.Checks[1] with { Filter = hostile }] };

        var results = await BigQueryHarness.RunAsync(bypassed, OrdersTable.Now);

        Assert.AreEqual(Orders.Rows.Count(r => r.Country == "FR"), results.Single("fr").Value);
        Assert.AreEqual(CheckStatus.Unknown, results.Single("forged").Status);
        Assert.AreEqual("RefusedFilterException: filter refused, nothing was run: the filter calls error, which is not an allowed function (at character 1 of the filter)", results.Single("forged").Message);
        Assert.IsFalse(emulator.Requests.Any(r => r.Body.Contains("secrets", StringComparison.Ordinal)), "no request, dry run included, carried the refused filter");
        Assert.IsTrue(emulator.Requests.Any(r => r.IsQuery), "the proven filter did run");
    }
}
