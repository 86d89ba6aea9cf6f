using CustomerData.Alerts.Datadog;
using CustomerData.Alerts.Publishing;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Tests.TestSupport;
using static CustomerData.Tests.Alerting.Slack.SlackPayloads;

namespace CustomerData.Tests.Alerting.Slack;

/// <summary>notifications.links.report_url: Slack messages and Datadog monitors link each check to its report page.</summary>
[TestClass]
public sealed class ReportLinkTests
{
    private const string Report = "https://monitor.example/customer-data";

    private const string OrdersCheck = """
        [{ "name": "orders_freshness", "type": "freshness", "source": "mem", "table": "sales.orders", "column": "updated_at",
           "critical_after": "6h", "owner": "order-data", "runbook": "https://wiki.example/runbooks/orders", "renotify_after": "30m" }]
        """;

    [TestMethod]
    public async Task Failure_WithReportUrl_EndsWithALinkToTheChecksPage_TheRestUnchanged()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);
        var config = Linked(harness.Config, Report + "/");

        await PublishAsync(harness, config, harness.Config.Checks[0], CheckStatus.Critical, AlertingHarness.T0);

        AssertPayload(
            Message(
                ":red_circle: orders_freshness is CRITICAL: 7h old",
                Header("orders_freshness is CRITICAL"),
                Section(":red_circle: <!subteam^S0ORDERS>\nnewest updated_at is 7h old"),
                Fields("*Expected*\nwarning after 2h; critical after 6h", "*Seen*\n7h old", "*Failing since*\n2026-11-26 08:00 +00:00 (just now)", "*Owner*\norder-data"),
                Section("*Reproduce*\n```SELECT 1;```\n`cdm run --check orders_freshness`"),
                Context(
                    "Runbook: https://wiki.example/runbooks/orders",
                    "freshness on mem:sales.orders, the whole table",
                    "<https://monitor.example/customer-data/checks/orders_freshness|Open in the report>")),
            harness.Slack.Delivered.Single());
    }

    [TestMethod]
    public async Task ReminderAndRecovery_WithReportUrl_LinkTheCheckToo_WithoutItNoLinkAnywhere()
    {
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);
        var config = Linked(harness.Config, Report);
        var check = harness.Config.Checks[0];

        await PublishAsync(harness, config, check, CheckStatus.Critical, AlertingHarness.T0);
        await PublishAsync(harness, config, check, CheckStatus.Critical, AlertingHarness.T0.AddMinutes(30));
        await PublishAsync(harness, config, check, CheckStatus.Ok, AlertingHarness.T0.AddMinutes(45));
        await PublishAsync(harness, harness.Config, check, CheckStatus.Critical, AlertingHarness.T0.AddMinutes(60));

        const string Link = "<https://monitor.example/customer-data/checks/orders_freshness|Open in the report>";
        Assert.HasCount(4, harness.Slack.Delivered);
        Assert.AreEqual("orders_freshness is still CRITICAL", SlackPayloads.Texts(harness.Slack.Delivered[1])[0]);
        Assert.AreEqual(Link, SlackPayloads.Texts(harness.Slack.Delivered[1])[^1]);
        Assert.AreEqual("orders_freshness recovered", SlackPayloads.Texts(harness.Slack.Delivered[2])[0]);
        Assert.AreEqual(Link, SlackPayloads.Texts(harness.Slack.Delivered[2])[^1]);
        Assert.AreEqual("freshness on mem:sales.orders, the whole table", SlackPayloads.Texts(harness.Slack.Delivered[3])[^1]);
        Assert.IsFalse(harness.Slack.Delivered[3].Contains("monitor.example", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task HostileCheckName_IsPercentEncodedInTheLink_AndEscapedInItsText()
    {
        // Names from checks.json are snake_case; one built in code is not, and must still make an inert link.
        await using var harness = await AlertingHarness.StartAsync(OrdersCheck);
        var config = Linked(harness.Config, "https://monitor.example/a&b");
        var hostile = harness.Config.Checks[0] with { Name = "x>y|z <!channel>&é/" };

        await PublishAsync(harness, config, hostile, CheckStatus.Critical, AlertingHarness.T0);

        var texts = SlackPayloads.Texts(harness.Slack.Delivered.Single());
        Assert.AreEqual("<https://monitor.example/a&amp;b/checks/x%3Ey%7Cz%20%3C%21channel%3E%26%C3%A9%2F|Open in the report>", texts[^1]);
        SlackPayloads.AssertWithinLimits(harness.Slack.Delivered.Single());
    }

    [TestMethod]
    public async Task Digest_WithReportUrl_LinksEveryEntrysName_AndTheFooterLinksTheReport()
    {
        await using var harness = await AlertingHarness.StartAsync(
            "[" + string.Join(",", new[] { "a_check", "b_check" }.Select(n =>
                $$"""{ "name": "{{n}}", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }""")) + "]",
            digestAfter: 1);
        var config = Linked(harness.Config, Report);
        var hostile = harness.Config.Checks[1] with { Name = "b|<!here>" };

        await harness.Publisher().PublishAsync(
            new RunOutcome(config, [AlertingHarness.Result(harness.Config.Checks[0], CheckStatus.Critical, AlertingHarness.T0), AlertingHarness.Result(hostile, CheckStatus.Warning, AlertingHarness.T0)], AlertingHarness.T0),
            CancellationToken.None);
        await harness.DeliverAsync();

        CollectionAssert.AreEqual(
            new[]
            {
                ":rotating_light: 2 checks need attention: 1 critical, 0 unknown, 1 warning",
                "Worst first: critical, unknown, warning. Failures in one run often share one broken upstream.",
                ":red_circle: *<https://monitor.example/customer-data/checks/a_check|a_check>* CRITICAL (failure): 7h old\nwarning after 2h; critical after 6h",
                ":large_yellow_circle: *<https://monitor.example/customer-data/checks/b%7C%3C%21here%3E|b|&lt;!here&gt;>* WARNING (failure): 7h old\nwarning after 2h; critical after 6h",
                "run `cdm run` to see them all or open <https://monitor.example/customer-data|the report>",
            },
            SlackPayloads.Texts(harness.Slack.Delivered.Single()).ToArray());
    }

    [TestMethod]
    public void DatadogMonitorMessage_WithReportUrl_CarriesTheSameLink_WithoutItNone()
    {
        var config = Configs.Valid($$"""
            {
              "notifications": { "links": { "report_url": "{{Report}}" } },
              "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
              "checks": [{ "name": "orders_freshness", "type": "freshness", "source": "db", "table": "sales.orders", "column": "updated_at", "critical_after": "6h" }]
            }
            """);

        var linked = MonitorMessage.Compose(config.Checks[0], "freshness", config, null);
        var plain = MonitorMessage.Compose(config.Checks[0], "freshness", config with { Notifications = new() }, null);

        Assert.AreEqual(
            "Check: orders_freshness (freshness on db sales.orders)\nReport: https://monitor.example/customer-data/checks/orders_freshness\nReproduce: `cdm run --check orders_freshness`",
            linked[(linked.IndexOf("Check:", StringComparison.Ordinal))..]);
        Assert.AreEqual(linked.Replace("Report: https://monitor.example/customer-data/checks/orders_freshness\n", string.Empty, StringComparison.Ordinal), plain);
    }

    private static MonitorConfig Linked(MonitorConfig config, string url) =>
        config with { Notifications = config.Notifications with { Links = new() { ReportUrl = url } } };

    private static async Task PublishAsync(AlertingHarness harness, MonitorConfig config, CheckDefinition check, CheckStatus status, DateTimeOffset at)
    {
        harness.Time.SetUtcNow(at);
        await harness.Publisher().PublishAsync(new RunOutcome(config, [AlertingHarness.Result(check, status, at)], at), CancellationToken.None);
        await harness.DeliverAsync();
    }
}
