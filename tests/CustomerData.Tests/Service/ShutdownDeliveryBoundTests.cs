using System.Diagnostics;
using CustomerData.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace CustomerData.Tests.Service;

/// <summary>
/// A stop while Slack hangs: the last delivery ends with the shutdown grace, requests in flight included, instead of
/// waiting out the client's 10 s timeout per channel; the message cut mid-request is recorded as possibly duplicated
/// (counted in customer_data.outbox.ambiguous) and waits in the outbox for the next start.
/// </summary>
[TestClass]
public sealed class ShutdownDeliveryBoundTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task StopWhileSlackHangs_EndsWithinTheGrace_AndTheCutMessageWaitsMarkedPossiblyDuplicated()
    {
        await using var agent = new DatagramLog();
        await using var slack = new LoopbackSlackServer();
        for (var i = 0; i < 10; i++)
        {
            slack.Hang(TimeSpan.FromSeconds(60));
        }

        await using var serve = ServeHarness.Create($$"""
            {
              "defaults": { "schedule": "* * * * * ?", "notify": { "slack": "#alerts" } },
              "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_WEBHOOK_SHUTDOWN_BOUND_TEST" } } },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}", "shutdown_grace": "2s" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT range AS id FROM range(10)"] } },
              "checks": [ { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 100 } } ]
            }
            """, agent.Environment(new Dictionary<string, string> { ["SLACK_WEBHOOK_SHUTDOWN_BOUND_TEST"] = slack.Url.ToString() }));
        await serve.StartAsync(heartbeat: TimeSpan.FromHours(1));
        await ServeHarness.WaitUntilAsync(() => Task.FromResult(!slack.Posts.IsEmpty), "the failure message posted (and hanging)");

        var stopping = Stopwatch.StartNew();
        await serve.StopAsync();
        stopping.Stop();

        // The grace is 2 s; one hanging request alone would have held the stop for the client's 10 s timeout.
        Assert.IsLessThan(8.0, stopping.Elapsed.TotalSeconds, $"stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.IsEmpty(slack.Delivered, "Slack never answered");
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(serve.DataDirectory, "state.db")};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, attempts, sent_at IS NULL AND dropped_at IS NULL, last_error FROM outbox";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual("failure", reader.GetString(0));
        Assert.IsGreaterThanOrEqualTo(1L, reader.GetInt64(1), "the cut attempt counts");
        Assert.IsTrue(reader.GetBoolean(2), "it waits for the next start");
        Assert.AreEqual("possibly duplicated: cancelled at shutdown", reader.GetString(3));
        Assert.IsFalse(await reader.ReadAsync(), "one message");
        var (ambiguous, _) = await agent.NextAsync("customer_data.outbox.ambiguous:");
        Assert.AreEqual("customer_data.outbox.ambiguous:1|c", ambiguous);
    }
}
