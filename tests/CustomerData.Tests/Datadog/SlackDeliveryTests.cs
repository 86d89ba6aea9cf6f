using System.Text.Json.Nodes;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Datadog;

/// <summary>
/// Issue 11 (C5): exported monitors posted @slack-… to the channel the webhook posts to, so every incident was
/// announced twice. notifications.slack.delivery now says, per channel, who announces it.
/// </summary>
[TestClass]
[DoNotParallelize] // Runs the demo file through the CLI, as the other demo-file test classes that flaked in parallel full runs do.
public sealed class SlackDeliveryTests
{
    private static string Config() => CliRunner.WriteConfig("""
        {
          "defaults": { "timezone": "Europe/Paris", "renotify_after": "4h" },
          "notifications": {
            "slack": {
              "webhooks": { "#datadog-only": "SLACK_WEBHOOK_LOOPBACK", "#both-paths": "SLACK_WEBHOOK_LOOPBACK" },
              "delivery": { "#datadog-only": "datadog", "#both-paths": "both" }
            },
            "datadog": { "slack_account": "acme" }
          },
          "sources": { "demo": { "type": "duckdb", "path": "${CUSTOMERDATA_DEMO_PATH}" } },
          "checks": [
            { "name": "events_freshness", "type": "freshness", "source": "demo", "table": "marketing.events",
              "column": "event_time", "warn_after": "1h", "critical_after": "6h", "notify": { "slack": "#datadog-only" } },
            { "name": "orders_daily_volume", "type": "volume", "source": "demo", "table": "sales.orders",
              "time_column": "created_at", "window": "1d", "window_alignment": "complete",
              "warn": { "min": 2500 }, "critical": { "min": 1500 }, "notify": { "slack": "#both-paths" } }
          ]
        }
        """);

    [TestMethod]
    public async Task DatadogDelivery_WebhookPostsNothing_WhileTheMonitorMentionsTheChannel_AndStateIsKept()
    {
        await using var slack = new LoopbackSlackServer();
        var config = Config();
        var state = CliRunner.NewDataDirectory();
        var environment = new Dictionary<string, string> { ["SLACK_WEBHOOK_LOOPBACK"] = slack.Url.ToString() };

        var run = await CliRunner.RunWithAsync(environment, DemoFixture.Now, "run", "--config", config, "--data-dir", state);
        var later = await CliRunner.RunWithAsync(environment, DemoFixture.Now.AddMinutes(15), "run", "--config", config, "--data-dir", state);
        var history = await CliRunner.RunAsync("history", "--check", "events_freshness", "--config", config, "--data-dir", state);
        var export = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", config);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        var posted = slack.Posts.Select(p => (string)JsonNode.Parse(p.Body)!["blocks"]![0]!["text"]!["text"]!).ToList();
        CollectionAssert.AreEqual(new[] { "orders_daily_volume is WARNING" }, posted, "only the \"both\" channel's webhook posts");
        Assert.DoesNotContain("#datadog-only", run.Error, "Datadog announces that channel: nothing waits for its webhook");
        Assert.IsEmpty(slack.Posts.Skip(1), "the second run sends nothing new: the state was kept for both channels");
        Assert.AreEqual(1, later.ExitCode);
        StringAssert.Contains(history.Out, "CRITICAL");
        var monitors = JsonNode.Parse(export.Out)!["resource"]!["datadog_monitor"]!;
        Assert.EndsWith("\n\n@slack-acme-datadog-only", (string)monitors["events_freshness"]!["message"]!);
        Assert.EndsWith("\n\n@slack-acme-both-paths", (string)monitors["orders_daily_volume"]!["message"]!);
    }

    [TestMethod]
    public async Task WebhookDelivery_TheDefault_GetsNoMentionInTheMonitor()
    {
        var export = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", CliRunner.RootConfig);

        var message = (string)JsonNode.Parse(export.Out)!["resource"]!["datadog_monitor"]!["events_freshness"]!["message"]!;
        Assert.DoesNotContain("@slack-", message, "the webhook announces #customer-data-alerts: Datadog must not announce it again");
    }
}
