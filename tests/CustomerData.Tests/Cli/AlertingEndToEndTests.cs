using System.Text.Json.Nodes;
using CustomerData.Tests.DogStatsd;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Cli;

/// <summary>The demo run as an operator runs it: datagrams on a UDP socket, Slack messages on a loopback webhook, state across runs.</summary>
[TestClass]
public sealed class AlertingEndToEndTests
{
    // The root checks.json's failures on the demo: one message each (digest_after is 10 there).
    private static readonly string[] Failing =
    [
        "orders_daily_volume is WARNING", "customers_email_null_rate_fr is WARNING", "events_freshness is CRITICAL", "events_campaign_null_rate_1d is CRITICAL",
        "orders_order_id_unique is CRITICAL", "orders_status_accepted is WARNING", "orders_amount_not_negative is CRITICAL", "customers_email_format is WARNING",
    ];

    private static string Header(string payload) => (string)JsonNode.Parse(payload)!["blocks"]![0]!["text"]!["text"]!;

    [TestMethod]
    public async Task DemoRun_SendsDatagramsAndOneSlackMessagePerFailingCheck_ThenNothingNewWithinRenotify()
    {
        using var agent = AgentListener.Udp();
        await using var slack = new LoopbackSlackServer();
        var environment = new Dictionary<string, string>
        {
            ["DD_AGENT_HOST"] = agent.Environment("DD_AGENT_HOST")!,
            ["DD_DOGSTATSD_PORT"] = agent.Environment("DD_DOGSTATSD_PORT")!,
            ["SLACK_WEBHOOK_CUSTOMER_DATA"] = slack.Url.ToString(),
        };
        var state = CliRunner.NewDataDirectory();

        var first = await CliRunner.RunWithAsync(environment, DemoFixture.Now, "run", "--config", CliRunner.RootConfig, "--data-dir", state);
        // Events and metrics share the agent's socket; the status gauge is among the first run's datagrams.
        const string StatusGauge = "customer_data.check.status:0|g|#check:orders_freshness,check_type:freshness,source:demo,table:sales.orders,owner:order-data,team:order-data,domain:sales";
        var datagrams = new List<string>();
        while (!datagrams.Contains(StatusGauge))
        {
            datagrams.AddRange((await agent.ReceivePacketAsync()).Split('\n'));
        }

        var second = await CliRunner.RunWithAsync(environment, DemoFixture.Now.AddMinutes(15), "run", "--config", CliRunner.RootConfig, "--data-dir", state);

        Assert.AreEqual(1, first.ExitCode, first.Error);
        Assert.AreEqual(1, second.ExitCode, second.Error);
        CollectionAssert.AreEquivalent(
            new[] { "orders_daily_volume is WARNING", "customers_email_null_rate_fr is WARNING", "events_freshness is CRITICAL", "events_campaign_null_rate_1d is CRITICAL", "web_sessions_hourly is CRITICAL", "customers_schema is CRITICAL", "orders_replicated is CRITICAL", "orders_order_id_unique is CRITICAL", "orders_status_accepted is WARNING", "orders_amount_not_negative is CRITICAL", "customers_email_format is WARNING" },
            slack.Delivered.Select(Header).ToArray());
        StringAssert.Contains(slack.Delivered.Single(p => Header(p) == "events_freshness is CRITICAL"), "<!subteam^S0MARKETING>");
        Assert.DoesNotContain("── Slack", first.Out, "with a webhook set, nothing is printed in its place");
    }

    [TestMethod]
    public async Task DemoRun_WithoutWebhook_KeepsTheMessagesInTheOutboxAndSaysWhy_ThenSendsThemOnceTheVariableIsSet()
    {
        await using var slack = new LoopbackSlackServer();
        var state = CliRunner.NewDataDirectory();

        var unset = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--data-dir", state);
        var set = await CliRunner.RunWithAsync(
            new Dictionary<string, string> { ["SLACK_WEBHOOK_CUSTOMER_DATA"] = slack.Url.ToString() }, DemoFixture.Now.AddMinutes(15),
            "run", "--config", CliRunner.RootConfig, "--data-dir", state);

        Assert.AreEqual(1, unset.ExitCode, unset.Error);
        StringAssert.Contains(unset.Out, "16 checks: 5 ok, 4 warning, 7 critical, 0 unknown");
        Assert.DoesNotContain("── Slack", unset.Out, "a message waiting for its webhook is not printed in its place");
        Assert.AreEqual(
            $"11 Slack messages for #customer-data-alerts wait in {Path.Combine(state, "state.db")}: SLACK_WEBHOOK_CUSTOMER_DATA is not set; "
                + "set SLACK_WEBHOOK_CUSTOMER_DATA to the channel's incoming-webhook URL to send them\n",
            unset.Error.ReplaceLineEndings("\n"));
        Assert.AreEqual(1, set.ExitCode, set.Error);
        Assert.AreEqual(string.Empty, set.Error);
        CollectionAssert.AreEquivalent(
            new[] { "orders_daily_volume is WARNING", "customers_email_null_rate_fr is WARNING", "events_freshness is CRITICAL", "events_campaign_null_rate_1d is CRITICAL", "web_sessions_hourly is CRITICAL", "customers_schema is CRITICAL", "orders_replicated is CRITICAL", "orders_order_id_unique is CRITICAL", "orders_status_accepted is WARNING", "orders_amount_not_negative is CRITICAL", "customers_email_format is WARNING" },
            slack.Delivered.Select(Header).ToArray(),
            "the first run's failures, sent by the second run (which decided nothing new within renotify_after)");
        Assert.HasCount(11, slack.Posts);
    }

    [TestMethod]
    public async Task Mute_SilencesTheCheckUntilUnmuted()
    {
        var state = CliRunner.NewDataDirectory();

        await using var slack = new LoopbackSlackServer();
        var webhook = new Dictionary<string, string> { ["SLACK_WEBHOOK_CUSTOMER_DATA"] = slack.Url.ToString() };

        var mute = await CliRunner.RunAsync("mute", "events_freshness", "--for", "2h", "--reason", "backfill", "--config", CliRunner.RootConfig, "--data-dir", state);
        var muted = await CliRunner.RunWithAsync(webhook, DemoFixture.Now, "run", "--check", "events_freshness", "--config", CliRunner.RootConfig, "--data-dir", state);
        var silence = slack.Posts.Count;
        var unmute = await CliRunner.RunAsync("unmute", "events_freshness", "--config", CliRunner.RootConfig, "--data-dir", state);
        var heard = await CliRunner.RunWithAsync(webhook, DemoFixture.Now, "run", "--check", "events_freshness", "--config", CliRunner.RootConfig, "--data-dir", state);

        Assert.AreEqual($"events_freshness is muted until 2026-11-26 11:20 UTC ({Path.Combine(state, "state.db")}).", mute.Out.Trim());
        Assert.AreEqual(1, muted.ExitCode, muted.Error);
        Assert.AreEqual(0, silence);
        Assert.AreEqual("events_freshness is no longer muted.", unmute.Out.Trim());
        Assert.AreEqual(1, heard.ExitCode, heard.Error);
        CollectionAssert.AreEqual(new[] { "events_freshness is CRITICAL" }, slack.Delivered.Select(Header).ToArray());
    }

    [TestMethod]
    public async Task NoAlerts_KeepsNoStateAndSendsNoMessage()
    {
        var state = CliRunner.NewDataDirectory();

        var outcome = await CliRunner.RunAsync("run", "--no-alerts", "--config", CliRunner.RootConfig, "--data-dir", state);

        Assert.AreEqual(1, outcome.ExitCode);
        Assert.DoesNotContain("── Slack", outcome.Out);
        Assert.IsFalse(Directory.Exists(state));
    }

    [TestMethod]
    public async Task BrokenOverrideTemplate_IsAConfigurationError()
    {
        var directory = Path.Combine(DemoFixture.Directory, "templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "bad.sbn"), "{ \"blocks\": [ {{ for x in }} ] }");
        var config = Path.Combine(directory, "checks.json");
        await File.WriteAllTextAsync(config, """
            {
              "notifications": { "slack": { "webhooks": { "#x": "console" } } },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [ { "name": "a", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 },
                            "notify": { "slack": "#x", "templates": { "failure": "bad.sbn" } } } ]
            }
            """);

        var outcome = await CliRunner.RunAsync("validate", "--config", config);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.Error, Path.Combine(directory, "bad.sbn") + ":1:");
        StringAssert.Contains(outcome.Error, "$.checks[0].notify.templates.failure: template error:");
    }
}
