using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.State;
using CustomerData.Tests.Service;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Alerting;

/// <summary>`serve` delivers the outbox between runs, so a waiting message does not wait for the next schedule's fire.</summary>
[TestClass]
public sealed class ServeOutboxPumpTests
{
    [TestMethod]
    public async Task MessageLeftInTheOutbox_IsSentBetweenRuns_WithoutWaitingForTheNextFire()
    {
        await using var slack = new LoopbackSlackServer();
        await using var serve = ServeHarness.Create(
            $$"""
            {
              "defaults": { "schedule": "0 0 0 1 1 ? 2099", "notify": { "slack": "#alerts" } },
              "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_TEST_WEBHOOK" } } },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT 1 AS id"] } },
              "checks": [{ "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }]
            }
            """,
            new Dictionary<string, string> { ["SLACK_TEST_WEBHOOK"] = slack.Url.ToString() });

        // Left by an earlier process (a cron `run` without the webhook, say); the only schedule fires in 2099.
        var store = await SqliteAlertStore.OpenAsync(Path.Combine(serve.DataDirectory, "state.db"), CancellationToken.None);
        await store.SaveAsync([], [new OutboxMessage(0, "#alerts", "t_rows", "failure", """{"text":"left behind"}""", TimeProvider.System.GetUtcNow())], CancellationToken.None);
        await serve.StartAsync();

        await ServeHarness.WaitUntilAsync(() => Task.FromResult(!slack.Posts.IsEmpty), "the message to be sent between runs", seconds: 40);

        CollectionAssert.AreEqual(new[] { """{"text":"left behind"}""" }, slack.Delivered.ToArray());
    }
}
