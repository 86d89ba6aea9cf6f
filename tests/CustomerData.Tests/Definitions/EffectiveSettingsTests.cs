using System.Text;
using CustomerData.Alerts.Emission;
using CustomerData.Alerts.Alerting;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Tests.Definitions;

/// <summary>A default is applied in one place, so every consumer of a check sees the same owner, channel and schedule.</summary>
[TestClass]
public sealed class EffectiveSettingsTests
{
    private static MonitorConfig Load(string checkFields)
    {
        var json = $$"""
            {
              "sources": { "demo": { "type": "duckdb", "path": "demo.duckdb" } },
              "notifications": { "slack": { "webhooks": { "#data-alerts": "console", "#growth": "console" } } },
              "defaults": { "owner": "order-data", "schedule": "0 */5 * * * ?", "alert_after": 2, "notify": { "slack": "#data-alerts" } },
              "checks": [ { "name": "orders_fresh", "type": "freshness", "source": "demo", "table": "sales.orders",
                            "column": "updated_at", "critical_after": "6h" {{checkFields}} } ]
            }
            """;
        var result = new ConfigLoader(Catalog.Default, _ => null).Load(Encoding.UTF8.GetBytes(json), "checks.json");
        return result.Config ?? throw new AssertFailedException(string.Join("\n", result.Errors));
    }

    [TestMethod]
    public void ABlankOwner_FallsBackToTheDefault_InTagsAndInTheDatadogMonitorAlike()
    {
        var config = Load(""", "owner": "   " """);
        var check = config.Checks.Single();

        Assert.AreEqual("order-data", config.OwnerOf(check));
        CollectionAssert.Contains(CheckTags.For(check, "freshness", config), "owner:order-data");
        CollectionAssert.Contains(CheckTags.For(check, "freshness", config), "team:order-data");
    }

    [TestMethod]
    public void TheCheckOwnSettings_WinOverTheDefaults_AndTheDefaultsFillTheRest()
    {
        var own = Load(""", "owner": "growth", "schedule": "0 0 * * * ?", "alert_after": 3, "notify": { "slack": "#growth" }, "timeout": "5s" """);
        var bare = Load(string.Empty);

        Assert.AreEqual(("growth", "0 0 * * * ?", 3, "#growth", TimeSpan.FromSeconds(5)), (own.OwnerOf(own.Checks[0]), own.ScheduleOf(own.Checks[0]), own.AlertAfterOf(own.Checks[0]), own.SlackChannelOf(own.Checks[0]), own.TimeoutOf(own.Checks[0])));
        Assert.AreEqual(("order-data", "0 */5 * * * ?", 2, "#data-alerts", TimeSpan.FromSeconds(60)), (bare.OwnerOf(bare.Checks[0]), bare.ScheduleOf(bare.Checks[0]), bare.AlertAfterOf(bare.Checks[0]), bare.SlackChannelOf(bare.Checks[0]), bare.TimeoutOf(bare.Checks[0])));
        Assert.AreEqual("#growth", NotificationPlanner.ChannelOf(own.Checks[0], own));
        Assert.AreEqual(2, AlertingPublisher.PolicyFor(bare.Checks[0], bare, new Dictionary<string, Alerts.State.Mute>(), DateTimeOffset.UnixEpoch).AlertAfter);
    }
}
