using CustomerData.Alerts.DogStatsd;
using CustomerData.Checks;
using CustomerData.Checks.Loading;

namespace CustomerData.Tests.Loading;

/// <summary>
/// A check is one series in Datadog only if its tag check:&lt;name&gt; is its name: Datadog folds "__" and a final "_" and
/// cuts a tag at 200 characters, so names that differ only there would merge two checks' metrics and monitors.
/// </summary>
[TestClass]
public sealed class CheckIdentityTests
{
    private static string Config(params string[] names) =>
        $$"""
        {
          "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
          "checks": [
        {{string.Join(",\n", names.Select(n => $$"""    { "name": "{{n}}", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 } }"""))}}
          ]
        }
        """;

    private static string[] Errors(params string[] names) =>
        [.. new ConfigLoader(Catalog.Default, _ => null).Load(Config(names), "checks.json").Errors.Select(e => e.ToString())];

    [TestMethod]
    [DataRow("orders__daily", "orders_daily")]
    [DataRow("orders_daily_", "orders_daily")]
    [DataRow("orders___daily__", "orders_daily")]
    public void NameThatDatadogWouldFold_IsRefused(string name, string suggestion)
    {
        CollectionAssert.AreEqual(
            new[] { $"checks.json:4:7: $.checks[0].name: invalid check name \"{name}\"\n    hint: use lowercase snake_case, such as \"{suggestion}\"" },
            Errors(name));
    }

    [TestMethod]
    public void NameLongerThanTheDatadogTagHolds_IsRefused_AtTheLimitAccepted()
    {
        var longest = new string('a', 194);
        var tooLong = new string('a', 195);

        CollectionAssert.AreEqual(
            new[] { "checks.json:5:7: $.checks[1].name: the check name is 195 characters long, more than 194\n    hint: shorten it: Datadog keeps 200 characters of its tag check:<name>" },
            Errors(longest, tooLong));
        Assert.AreEqual("check:" + longest, DatadogTags.Normalize("check:" + longest));
    }

    [TestMethod]
    [DataRow("a")]
    [DataRow("orders_freshness")]
    [DataRow("events_campaign_null_rate_1d")]
    [DataRow("x1_2_3")]
    public void AcceptedName_IsItsOwnDatadogTag(string name)
    {
        CollectionAssert.AreEqual(Array.Empty<string>(), Errors(name));
        Assert.AreEqual("check:" + name, DatadogTags.Normalize("check:" + name));
    }

    [TestMethod]
    public void EveryNameTheRootConfigUses_IsItsOwnDatadogTag()
    {
        var config = new ConfigLoader(Catalog.Default, _ => null).LoadFile(Cli.CliRunner.RootConfig).Config!;

        foreach (var check in config.Checks)
        {
            Assert.AreEqual("check:" + check.Name, DatadogTags.Normalize("check:" + check.Name));
        }
    }

    [TestMethod]
    public void ObjectWrittenTwice_IsOneProblem_NotOneForEachOfItsFields()
    {
        const string json = """
            {
              "sources": { "db": { "type": "duckdb", "path": ":memory:" },
                           "db": { "type": "duckdb", "path": ":memory:", "init": [] } },
              "checks": []
            }
            """;

        CollectionAssert.AreEqual(
            new[] { "checks.json:3:16: $.sources.db: field \"db\" appears twice in the same object\n    hint: keep one; the first is at line 2" },
            new ConfigLoader(Catalog.Default, _ => null).Load(json, "checks.json").Errors.Select(e => e.ToString()).ToArray());
    }

    [TestMethod]
    [DataRow("Orders", "orders", "orders")]
    [DataRow("orders", "Orders", "orders")]
    [DataRow("shop_db", "shop__db", "shop_db")]
    [DataRow("Shop_db", "shop__DB__", "shop_db")]
    public void SourcesThatAreOneDatadogTag_AreRefusedAtTheSecond(string first, string second, string tag)
    {
        var json = $$"""
            {
              "sources": { "{{first}}": { "type": "duckdb", "path": ":memory:" },
                           "{{second}}": { "type": "duckdb", "path": ":memory:" } },
              "checks": []
            }
            """;

        var errors = new ConfigLoader(Catalog.Default, _ => null).Load(json, "checks.json").Errors.Select(e => e.ToString()).ToArray();

        CollectionAssert.AreEqual(
            new[] { $"checks.json:3:16: $.sources.{second}: sources \"{first}\" and \"{second}\" are one source:{tag} tag in Datadog\n    hint: rename one: source names differing only in case or repeated _ cannot be told apart" },
            errors);
        Assert.AreEqual($"source:{tag}", DatadogTags.Normalize($"source:{second}"), "the tag Datadog keeps");
        Assert.AreEqual(DatadogTags.Normalize($"source:{first}"), DatadogTags.Normalize($"source:{second}"));
    }
}
