using System.Net;
using System.Text.Json;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Service;

/// <summary>`serve` says on /readyz why Slack messages wait (issue 11 item 2), and sends them once the webhook is set.</summary>
[TestClass]
public sealed class BlockedDeliveryReadinessTests
{
    private static string Config(string schedulerName) => $$"""
        {
          "defaults": { "schedule": "* * * * * ?", "notify": { "slack": "#alerts" } },
          "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_WEBHOOK_ALERTS_TEST" } } },
          "scheduler": { "instance_name": "{{schedulerName}}", "shutdown_grace": "5s" },
          "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [
            "CREATE TABLE t AS SELECT range AS id FROM range(10)"
          ] } },
          "checks": [ { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 100 } } ]
        }
        """;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task UnsetWebhookVariable_MakesReadyzSayWhy_AndTheMessageLeavesOnceItIsSet()
    {
        await using var slack = new LoopbackSlackServer();
        await using var serve = ServeHarness.Create(Config(ServeHarness.UniqueName()));
        var port = ServeHarness.FreePort();
        await serve.StartAsync(healthPort: port, heartbeat: TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        string? body = null;
        await ServeHarness.WaitUntilAsync(
            async () =>
            {
                var ready = await http.GetAsync("/readyz");
                body = await ready.Content.ReadAsStringAsync();
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            "/readyz 503 while the failure message waits");
        var problems = JsonDocument.Parse(body!).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode, "alive: only readiness says delivery is blocked");
        Assert.HasCount(1, problems, body);
        Assert.AreEqual("Slack delivery blocked: 1 message waits for #alerts: SLACK_WEBHOOK_ALERTS_TEST is not set", problems[0]);
        Assert.IsEmpty(slack.Posts);

        serve.SetVariable("SLACK_WEBHOOK_ALERTS_TEST", slack.Url.ToString());

        await ServeHarness.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz 200 once the message can leave");
        await ServeHarness.WaitUntilAsync(() => Task.FromResult(slack.Delivered.Count >= 1), "the waiting message posted");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.HasCount(1, slack.Delivered, "posted once, not once per run that saw it waiting");
        StringAssert.Contains(slack.Delivered[0], "t_rows is CRITICAL");
    }
}
