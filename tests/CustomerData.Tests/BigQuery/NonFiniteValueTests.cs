using CustomerData.Checks.Engine;
using CustomerData.Tests.BigQuery.Emulator;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

/// <summary>
/// FLOAT64 cells of "NaN", "Infinity" and "-Infinity" (BigQuery's spelling on the wire) reaching a sql check: UNKNOWN,
/// named as what they are, never read as NULL.
/// </summary>
[TestClass]
public sealed class NonFiniteValueTests
{
    [TestMethod]
    [DataRow(1, "NaN")]
    [DataRow(2, "Infinity")]
    [DataRow(3, "-Infinity")]
    public async Task Sql_ANonFiniteFloat64_IsUnknown_NamedAsWhatItIs(int id, string what)
    {
        await using var emulator = new BigQueryEmulator(
        [
            "CREATE SCHEMA shop",
            "CREATE TABLE shop.readings (id BIGINT, reading DOUBLE)",
            "INSERT INTO shop.readings VALUES (1, 'NaN'), (2, 'Infinity'), (3, '-Infinity'), (4, 2.5)",
        ]);
        var query = $"SELECT max(reading) AS v FROM `test-project.shop.readings` WHERE id = {id}";
        var checks = $$"""[{ "name": "q", "type": "sql", "source": "bq", "table": "shop.readings", "query": "{{query}}", "critical": { "max": 1 } }]""";

        var result = (await BigQueryHarness.RunAsync(BigQueryHarness.Config(emulator, checks), OrdersTable.Now))[0];

        Assert.AreEqual(CheckStatus.Unknown, result.Status, result.Message);
        Assert.IsNull(result.Value);
        Assert.AreEqual($"QueryResultException: column v of the query is {what}, not a number a threshold can judge", result.Message);
    }
}
