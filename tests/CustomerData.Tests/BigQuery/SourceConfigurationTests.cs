using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class SourceConfigurationTests
{
    private static string Config(string source, string check = "") => $$"""
        {
          "sources": { "bq": { "type": "bigquery", {{source}} } },
          "checks": [ { "name": "v", "type": "volume", "source": "bq", "table": "shop.orders", "critical": { "min": 1 }{{check}} } ]
        }
        """;

    [TestMethod]
    [DataRow("\"project\": \"Acme_Prod\"", "$.sources.bq.project", "\"Acme_Prod\" is not a Google Cloud project id")]
    [DataRow("\"project\": \"acme-prod\", \"maximum_bytes_billed\": \"ten gigs\"", "$.sources.bq.maximum_bytes_billed", "invalid byte size \"ten gigs\"")]
    [DataRow("\"project\": \"acme-prod\", \"labels\": { \"check\": \"x\" }", "$.sources.bq.labels.check", "the label \"check\" is set by the monitor")]
    [DataRow("\"project\": \"acme-prod\", \"labels\": { \"Team\": \"x\" }", "$.sources.bq.labels.Team", "invalid label \"Team\": \"x\"")]
    [DataRow("\"project\": \"acme-prod\", \"key_file_env\": \"/secrets/sa.json\"", "$.sources.bq.key_file_env", "key_file_env names an environment variable; the key file itself stays out of checks.json")]
    [DataRow("\"project\": \"acme-prod\", \"max_concurrent_queries\": 0", "$.sources.bq.max_concurrent_queries", "max_concurrent_queries is 0")]
    [DataRow("\"project\": \"acme-prod\", \"endpoint\": \"ftp://x\"", "$.sources.bq.endpoint", "\"ftp://x\" is not an http(s) URL")]
    public void InvalidSourceOptions_AreReportedAtTheirPath(string source, string path, string message)
    {
        var errors = Configs.Load(Config(source)).Errors;

        Assert.IsTrue(errors.Any(e => e.Path == path && e.Message == message), string.Join("\n", errors));
    }

    [TestMethod]
    public void CheckOnBigQuery_NeedsDatasetDotTable_AndAValidCap()
    {
        var errors = Configs.Load(Config("\"project\": \"acme-prod\"", ", \"maximum_bytes_billed\": \"-5GB\"").Replace("shop.orders", "orders", StringComparison.Ordinal)).Errors;

        Assert.IsTrue(errors.Any(e => e.Path == "$.checks[0].table" && e.Message == "a BigQuery table is \"dataset.table\", not \"orders\""), string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.Path == "$.checks[0].maximum_bytes_billed"), string.Join("\n", errors));
    }

    [TestMethod]
    public void ValidSource_Loads_WithDefaults()
    {
        var config = Configs.Valid(Config("\"project\": \"acme-prod\", \"location\": \"EU\", \"labels\": { \"team\": \"customer-data\" }"));

        var source = (BigQuerySourceDefinition)config.Sources["bq"];
        Assert.AreEqual(("10GB", 4, TimeSpan.FromMinutes(10)), (source.MaximumBytesBilled, source.MaxConcurrentQueries, source.Timeout.Value));
    }

    [TestMethod]
    [DataRow(null, null, "https://bigquery.googleapis.com/", true)]
    [DataRow(null, "127.0.0.1:9050", "http://127.0.0.1:9050/", false)]
    [DataRow("http://127.0.0.1:9999", "127.0.0.1:9050", "http://127.0.0.1:9999/", false)]
    [DataRow("https://bigquery.example.internal/", null, "https://bigquery.example.internal/", true)]
    public void Endpoint_ExplicitThenEmulatorHostThenGoogle_AndOnlyHttpsCarriesCredentials(string? endpoint, string? emulatorHost, string expected, bool credentials)
    {
        var root = BigQueryEndpoint.Resolve(endpoint, name => name == "BIGQUERY_EMULATOR_HOST" ? emulatorHost : null);

        Assert.AreEqual(expected, root.ToString());
        Assert.AreEqual(credentials, BigQueryEndpoint.CarriesCredentials(root));
    }

    [TestMethod]
    public async Task UnusableKeyFile_FailsTheSourceOnce_WithoutQuotingTheKey()
    {
        var key = Path.Combine(Path.GetTempPath(), $"bq-key-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(key, "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----SECRET-KEY-MATERIAL\"");
        try
        {
            // https on a closed loopback port: credentials are loaded (and fail) before anything is sent.
            var config = Configs.Valid(Config("\"project\": \"acme-prod\", \"endpoint\": \"https://127.0.0.1:9/\", \"key_file_env\": \"TEST_BQ_KEY\""));
            var time = new StoppedClock(DateTimeOffset.UnixEpoch);
            var catalog = new Checks.Catalog(Checks.Catalog.Default.CheckKinds, [new BigQuerySourceKind(name => name == "TEST_BQ_KEY" ? key : null, BigQueryHarness.Fast)]);
            await using var sources = Checks.Sources.DataSources.Open(config, catalog, new Checks.Sources.SourceEnvironment(".", time));

            var result = (await new CheckEngine(catalog, sources, time).RunAsync(config, config.Checks, CancellationToken.None))[0];

            Assert.AreEqual(CheckStatus.Unknown, result.Status);
            StringAssert.StartsWith(result.Message, "cannot open source \"bq\": CredentialException: the file named by TEST_BQ_KEY is not a usable service-account key file (");
            Assert.DoesNotContain("SECRET-KEY-MATERIAL", result.Message);
            Assert.DoesNotContain(key, result.Message);
        }
        finally
        {
            File.Delete(key);
        }
    }
}
