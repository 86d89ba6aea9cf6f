using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

/// <summary>
/// Against real BigQuery, only when CUSTOMERDATA_BIGQUERY_TEST_PROJECT names a project to bill (credentials from ADC).
/// It reads bigquery-public-data.samples.shakespeare and bills nothing: COUNT(*) and metadata are free, and the capped
/// query is refused before it runs. Not one of the services CI requires.
/// </summary>
[TestClass]
public sealed class LiveBigQueryTests
{
    private const string ProjectVariable = "CUSTOMERDATA_BIGQUERY_TEST_PROJECT";

    [TestMethod]
    public async Task RealBigQuery_CountsReadsMetadataAndRefusesOverTheCap()
    {
        var project = Environment.GetEnvironmentVariable(ProjectVariable);
        if (string.IsNullOrEmpty(project))
        {
            Assert.Inconclusive($"{ProjectVariable} is not set: set it to a Google Cloud project (with Application Default Credentials) to run the live BigQuery test");
            return;
        }

        var config = Configs.Valid($$"""
            {
              "sources": { "live": { "type": "bigquery", "project": "{{project}}", "data_project": "bigquery-public-data", "location": "US", "maximum_bytes_billed": "1MB" } },
              "checks": [
                { "name": "rows", "type": "volume", "source": "live", "table": "samples.shakespeare", "critical": { "min": 1 } },
                { "name": "rows_meta", "type": "volume", "source": "live", "table": "samples.shakespeare", "mode": "metadata", "critical": { "min": 1 } },
                { "name": "modified", "type": "freshness", "source": "live", "table": "samples.shakespeare", "column": "word", "mode": "metadata", "critical_after": "52w" },
                { "name": "capped", "type": "null_rate", "source": "live", "table": "samples.shakespeare", "column": "word", "critical": { "max": 0.5 } }
              ]
            }
            """);

        var results = await Runs.RunAsync(config, TimeProvider.System);

        Assert.AreEqual(results.Single("rows_meta").Value, results.Single("rows").Value, results.Single("rows").Message);
        Assert.AreNotEqual(CheckStatus.Unknown, results.Single("modified").Status, results.Single("modified").Message);
        StringAssert.Contains(results.Single("capped").Message, "bytes-billed cap reached: the query needs ");
    }
}
