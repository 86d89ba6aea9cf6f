using CustomerData.Alerts.Datadog;
using CustomerData.Checks;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Datadog;

[TestClass]
public sealed class MonitorDefinitionBuilderTests
{
    private const string Freshness = "\"name\": \"orders_freshness\", \"type\": \"freshness\", \"source\": \"db\", \"table\": \"sales.orders\", \"column\": \"updated_at\", \"critical_after\": \"6h\"";

    [TestMethod]
    public void Build_AlertAfterOne_LastTwoRunsWithThresholdsOfOne()
    {
        var monitor = Single($"{{ {Freshness} }}");

        Assert.AreEqual("\"customer_data.check\".over(\"check:orders_freshness\").by(\"check\").last(2).count_by_status()", monitor.Query);
        Assert.AreEqual(new MonitorThresholds(Critical: 1, Warning: 1, Unknown: 1, Ok: 1), monitor.Thresholds);
        Assert.AreEqual("service check", monitor.Type);
    }

    [TestMethod]
    public void Build_AlertAfterThree_LastFourRunsAlertingOnThreeAndResolvingOnOne()
    {
        var monitor = Single($"{{ {Freshness}, \"alert_after\": 3 }}");

        Assert.AreEqual("\"customer_data.check\".over(\"check:orders_freshness\").by(\"check\").last(4).count_by_status()", monitor.Query);
        Assert.AreEqual(new MonitorThresholds(Critical: 3, Warning: 3, Unknown: 3, Ok: 1), monitor.Thresholds);
    }

    [TestMethod]
    public void Build_AlertAfterOnlyInDefaults_TakesTheDefault()
    {
        var monitor = Single($"{{ {Freshness} }}", defaults: "{ \"alert_after\": 2 }");

        StringAssert.Contains(monitor.Query, ".last(3).");
        Assert.AreEqual(new MonitorThresholds(Critical: 2, Warning: 2, Unknown: 2, Ok: 1), monitor.Thresholds);
    }

    [TestMethod]
    [DataRow(null, null, 30, DisplayName = "default schedule, every 15 minutes")]
    [DataRow("0 0 6 * * ?", null, 2880, DisplayName = "check schedule, daily")]
    [DataRow(null, "0 0 * * * ?", 120, DisplayName = "defaults schedule, hourly")]
    [DataRow("*/10 * * * * ?", null, 2, DisplayName = "every 10 seconds: Datadog's 2-minute minimum")]
    public void Build_NoDataTimeframe_IsTwiceTheLongestGapInMinutes(string? checkSchedule, string? defaultSchedule, int expected)
    {
        var schedule = checkSchedule is null ? string.Empty : $", \"schedule\": \"{checkSchedule}\"";
        var defaults = defaultSchedule is null ? "{}" : $"{{ \"schedule\": \"{defaultSchedule}\" }}";

        var monitor = Single($"{{ {Freshness}{schedule} }}", defaults);

        Assert.IsTrue(monitor.NotifyNoData);
        Assert.AreEqual(expected, monitor.NoDataTimeframeMinutes);
    }

    [TestMethod]
    [DataRow(null, null, null)]
    [DataRow(null, "4h", 240)]
    [DataRow("1h30m", "4h", 90)]
    [DataRow("90s", null, 2)]
    public void Build_RenotifyInterval_FromTheCheckElseTheDefaultsInWholeMinutes(string? check, string? defaults, int? expected)
    {
        var renotify = check is null ? string.Empty : $", \"renotify_after\": \"{check}\"";

        var monitor = Single($"{{ {Freshness}{renotify} }}", defaults is null ? "{}" : $"{{ \"renotify_after\": \"{defaults}\" }}");

        Assert.AreEqual(expected, monitor.RenotifyIntervalMinutes);
    }

    [TestMethod]
    public void Build_Tags_IdentityOwnerOwnTagsThenGlobalTagsWithoutDuplicates()
    {
        var monitor = Single(
            $"{{ {Freshness}, \"tags\": [\"domain:sales\", \"tier:1\"] }}",
            defaults: "{ \"owner\": \"customer-data\" }",
            notifications: "{ \"datadog\": { \"tags\": [\"team:customer-data\", \"domain:sales\"] } }");

        CollectionAssert.AreEqual(
            new[] { "check:orders_freshness", "check_type:freshness", "source:db", "table:sales.orders", "owner:customer-data", "domain:sales", "tier:1", "team:customer-data" },
            monitor.Tags.ToArray());
    }

    [TestMethod]
    public void Build_NoOwnerAnywhere_NoOwnerTagNorLine()
    {
        var monitor = Single($"{{ {Freshness} }}");

        Assert.IsFalse(monitor.Tags.Any(t => t.StartsWith("owner:", StringComparison.Ordinal)));
        Assert.DoesNotContain("Owner:", monitor.Message);
    }

    [TestMethod]
    public void Build_Message_SaysWhatWhoHowAndWhereToPost()
    {
        var monitor = Single(
            $"{{ {Freshness}, \"description\": \"New orders arrive within two hours.\", \"owner\": \"order-data\", \"runbook\": \"https://wiki.example/runbooks/orders\", \"notify\": {{ \"slack\": \"#order-data-alerts\" }} }}",
            notifications: "{ \"datadog\": { \"slack_account\": \"acme\" }, \"slack\": { \"delivery\": { \"#order-data-alerts\": \"datadog\" } } }");

        Assert.AreEqual(
            "{{#is_alert}}CRITICAL: {{check_message}}\n{{/is_alert}}"
            + "{{#is_warning}}WARNING: {{check_message}}\n{{/is_warning}}"
            + "{{#is_unknown}}UNKNOWN (the check could not be measured): {{check_message}}\n{{/is_unknown}}"
            + "{{#is_recovery}}Recovered: the check is OK again.\n{{/is_recovery}}"
            + "{{#is_no_data}}No result for 30m (twice the longest gap of its schedule): is the monitor service running?\n{{/is_no_data}}"
            + "\n"
            + "Protects: New orders arrive within two hours.\n"
            + "Check: orders_freshness (freshness on db sales.orders)\n"
            + "Owner: order-data\n"
            + "Runbook: https://wiki.example/runbooks/orders\n"
            + "Reproduce: `cdm run --check orders_freshness`\n"
            + "\n"
            + "@slack-acme-order-data-alerts",
            monitor.Message);
        Assert.AreEqual("[CustomerData] orders_freshness on sales.orders", monitor.Name);
    }

    [TestMethod]
    public void Build_Message_TextFromTheChecksFileNotifiesNobodyAndIsNoTemplate()
    {
        var monitor = Single(
            $"{{ {Freshness}, \"description\": \"Ask @pagerduty-sales {{{{#is_alert}}}}now{{{{/is_alert}}}}\", \"owner\": \"@slack-acme-general\", \"runbook\": \"https://wiki.example/@team/{{{{value}}}}\" }}");

        StringAssert.Contains(monitor.Message, "Protects: Ask @\u200bpagerduty-sales {\u200b{#is_alert}\u200b}now{\u200b{/is_alert}\u200b}\n");
        StringAssert.Contains(monitor.Message, "Owner: @\u200bslack-acme-general\n");
        StringAssert.Contains(monitor.Message, "Runbook: https://wiki.example/@\u200bteam/{\u200b{value}\u200b}\n");
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(monitor.Message, "@[a-z]"), monitor.Message);
        Assert.AreEqual(5, System.Text.RegularExpressions.Regex.Count(monitor.Message, "\\{\\{#"), "only the message's own five state blocks");
    }

    [TestMethod]
    [DataRow("acme", null, "#customer-data-alerts", "both", "@slack-acme-customer-data-alerts", DisplayName = "the default channel")]
    [DataRow("acme", "oncall", "#customer-data-alerts", "datadog", "@slack-acme-oncall", DisplayName = "the check's channel, without #")]
    [DataRow(null, "oncall", "#customer-data-alerts", "datadog", null, DisplayName = "no Slack account")]
    [DataRow("acme", null, null, "datadog", null, DisplayName = "no channel")]
    [DataRow("acme", "oncall", "#customer-data-alerts", "webhook", null, DisplayName = "delivery webhook: the webhook announces it, Datadog must not")]
    [DataRow("acme", "oncall", "#customer-data-alerts", null, null, DisplayName = "no delivery: webhook by default")]
    public void Build_SlackMention_NeedsAnAccountAChannelAndDatadogDelivery(string? account, string? checkChannel, string? defaultChannel, string? delivery, string? expected)
    {
        var notify = checkChannel is null ? string.Empty : $", \"notify\": {{ \"slack\": \"{checkChannel}\" }}";
        var defaults = defaultChannel is null ? "{}" : $"{{ \"notify\": {{ \"slack\": \"{defaultChannel}\" }} }}";
        var slack = delivery is null ? "{}" : $"{{ \"delivery\": {{ \"oncall\": \"{delivery}\", \"#customer-data-alerts\": \"{delivery}\" }} }}";
        var notifications = account is null ? $"{{ \"slack\": {slack} }}" : $"{{ \"datadog\": {{ \"slack_account\": \"{account}\" }}, \"slack\": {slack} }}";

        var monitor = Single($"{{ {Freshness}{notify} }}", defaults, notifications);

        if (expected is null)
        {
            Assert.DoesNotContain("@slack-", monitor.Message);
        }
        else
        {
            Assert.EndsWith("\n\n" + expected, monitor.Message);
        }
    }

    [TestMethod]
    public void Build_Config_OneMonitorPerEnabledCheckOrderedByName()
    {
        var config = Configs.Valid("""
            {
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [
                { "name": "b_check", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 } },
                { "name": "c_check", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 }, "enabled": false },
                { "name": "a_check", "type": "volume", "source": "db", "table": "t", "critical": { "min": 1 } }
              ]
            }
            """);

        var monitors = new MonitorDefinitionBuilder(Catalog.Default).Build(config);

        CollectionAssert.AreEqual(new[] { "a_check", "b_check" }, monitors.Select(m => m.Key).ToArray());
    }

    private static DatadogMonitor Single(string check, string defaults = "{}", string notifications = "{}")
    {
        // Every channel a check notifies needs a webhooks entry; "console" is the one that needs no secret.
        var node = System.Text.Json.Nodes.JsonNode.Parse(notifications)!.AsObject();
        var slack = node["slack"] as System.Text.Json.Nodes.JsonObject ?? [];
        node["slack"] = slack;
        slack["webhooks"] ??= new System.Text.Json.Nodes.JsonObject { ["#order-data-alerts"] = "console", ["oncall"] = "console", ["#customer-data-alerts"] = "console" };
        notifications = node.ToJsonString();
        var config = Configs.Valid($$"""
            {
              "defaults": {{defaults}},
              "notifications": {{notifications}},
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [ {{check}} ]
            }
            """);
        return new MonitorDefinitionBuilder(Catalog.Default).Build(config).Single();
    }
}
