using CustomerData.Alerts.Datadog;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Alerts.Emission;
using CustomerData.Alerts.Publishing;
using CustomerData.Checks;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

/// <summary>
/// Issue 11: tags breaking Datadog's rules were sent ("9lives", a 227-character table:), and monitors carried raw tags
/// ("owner:Équipe Données") while metrics carried cleaned ones: one normalizer now serves both.
/// </summary>
[TestClass]
public sealed class TagNormalizationTests
{
    // The issue's 227-character table name.
    private static readonly string LongTable = "warehouse." + new string('t', 217);

    [TestMethod]
    [DataRow("9lives", "lives", DisplayName = "a tag starts with a letter: what comes before is dropped")]
    [DataRow("owner:Équipe Données", "owner:équipe_données", DisplayName = "lowercased, letters of any script kept, a space becomes _")]
    [DataRow("Team:Data  & Eng!!", "team:data_eng", DisplayName = "a run of other characters is one _, none at the end")]
    [DataRow("a__b_", "a_b", DisplayName = "underscores join the run around them")]
    [DataRow("_private", "private", DisplayName = "a leading underscore is not a letter")]
    [DataRow("path:/v1/orders.json-x", "path:/v1/orders.json-x", DisplayName = "digits, - : . / are kept")]
    [DataRow("env:prod:", "env:prod", DisplayName = "no trailing colon")]
    [DataRow("123", null, DisplayName = "no letter: no tag")]
    [DataRow("", null, DisplayName = "empty")]
    public void Normalize_FollowsDatadogsRules(string tag, string? expected)
    {
        Assert.AreEqual(expected, DatadogTags.Normalize(tag));
    }

    [TestMethod]
    public void Normalize_227CharacterTable_IsCutTo200Characters()
    {
        var tag = "table:" + LongTable;

        Assert.AreEqual(227, LongTable.Length);
        Assert.AreEqual(tag[..200], DatadogTags.Normalize(tag));
    }

    [TestMethod]
    public async Task MetricsAndExportedMonitors_CarryTheSameTags()
    {
        var config = Configs.Valid($$"""
            {
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [ { "name": "orders_volume", "type": "volume", "source": "db", "table": "{{LongTable}}",
                            "critical": { "min": 1 }, "owner": "Équipe Données", "tags": ["9lives", "Tier:1"] } ]
            }
            """);
        var check = config.Checks.Single();
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var result = new CheckResult(check, CheckStatus.Critical, 0, "0 rows", "0 rows", "critical below 1", TimeSpan.FromSeconds(1), null, DemoFixture.Now) { Type = "volume" };

        await new DatadogMetricsPublisher(statsd).PublishAsync(new RunOutcome(config, [result], DemoFixture.Now), CancellationToken.None);
        statsd.Flush();
        var status = (await agent.ReceivePacketAsync()).Split('\n')[0];
        var monitor = new MonitorDefinitionBuilder(Catalog.Default).Build(config).Single();

        var expected = new[]
        {
            "check:orders_volume", "check_type:volume", "source:db", ("table:" + LongTable)[..200],
            "owner:équipe_données", "team:équipe_données", "lives", "tier:1",
        };
        Assert.AreEqual("customer_data.check.status:2|g|#" + string.Join(',', expected), status);
        CollectionAssert.AreEqual(expected.Where(t => !t.StartsWith("team:", StringComparison.Ordinal)).ToArray(), monitor.Tags.ToArray());
        CollectionAssert.AreEqual(expected, CheckTags.For(result, config));
    }
}
