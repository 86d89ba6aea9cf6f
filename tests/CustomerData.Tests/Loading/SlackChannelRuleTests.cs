using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>Which Slack channels need a webhooks entry: every one a check notifies, except those only Datadog announces.</summary>
[TestClass]
public sealed class SlackChannelRuleTests
{
    private static string Config(string slack) => $$"""
        {
          "defaults": { "notify": { "slack": "#team" } },
          "notifications": { "slack": {{slack}} },
          "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
          "checks": [
            { "name": "a", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 } },
            { "name": "b", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 }, "notify": { "slack": "#datadog-only" } }
          ]
        }
        """;

    [TestMethod]
    public void AChannelOnlyDatadogAnnounces_NeedsNoWebhook()
    {
        var result = Configs.Load(Config("""{ "webhooks": { "#team": "SLACK_TEAM" }, "delivery": { "#datadog-only": "datadog" } }"""));

        Assert.IsTrue(result.IsValid, string.Join("\n", result.Errors.Select(e => e.ToString())));
    }

    [TestMethod]
    public void AChannelBothPathsAnnounce_StillNeedsItsWebhook()
    {
        var result = Configs.Load(Config("""{ "webhooks": { "#team": "SLACK_TEAM" }, "delivery": { "#datadog-only": "both" } }"""));

        var error = result.Errors.Single();
        Assert.AreEqual("$.checks[1].notify.slack", error.Path);
        Assert.AreEqual("no webhook is named for the Slack channel \"#datadog-only\" under notifications.slack.webhooks", error.Message);
    }

    [TestMethod]
    public void ADefaultChannelOnlyDatadogAnnounces_NeedsNoWebhook_ButTheOtherChannelDoes()
    {
        var result = Configs.Load(Config("""{ "delivery": { "#team": "datadog" } }"""));

        var error = result.Errors.Single();
        Assert.AreEqual("$.checks[1].notify.slack", error.Path, "the default channel #team is Datadog's; #datadog-only has no entry");
    }
}
