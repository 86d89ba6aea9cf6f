namespace CustomerData.Tests.Service;

/// <summary>The heartbeat (contract C4): what Datadog's "serve stopped" monitor reads, as exact datagrams on a real UDP socket.</summary>
[TestClass]
public sealed class HeartbeatTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task Serve_SendsTheHeartbeatGaugeAndServiceCheck_WithTheStandardTagsAndItsInstance_EveryInterval()
    {
        await using var agent = new DatagramLog();
        var environment = agent.Environment(new Dictionary<string, string>
        {
            ["DD_ENV"] = "staging",
            ["DD_SERVICE"] = "customer-data-monitor",
            ["DD_VERSION"] = "1.4.2",
        });
        await using var serve = ServeHarness.Create($$"""
            {
              "defaults": { "schedule": "0 0 0 1 1 ? 2099" },
              "scheduler": { "instance_name": "{{ServeHarness.UniqueName()}}" },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT 1 AS id"] } },
              "checks": [ { "name": "t_rows", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } } ]
            }
            """, environment);
        await serve.StartAsync(heartbeat: TimeSpan.FromSeconds(1), instanceId: "node-7");

        var (first, at) = await agent.NextAsync("customer_data.heartbeat:");
        var (check, _) = await agent.NextAsync("_sc|customer_data.heartbeat|", at);
        var (errors, _) = await agent.NextAsync("customer_data.config.errors:", at);
        var (second, _) = await agent.NextAsync("customer_data.heartbeat:", at + 1);
        var started = agent.Lines.Count(l => l.StartsWith("customer_data.heartbeat:", StringComparison.Ordinal));
        await serve.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        const string Tags = "#env:staging,service:customer-data-monitor,version:1.4.2,instance:node-7";
        Assert.AreEqual("customer_data.heartbeat:1|g|" + Tags, first);
        Assert.AreEqual("_sc|customer_data.heartbeat|0|" + Tags, check);
        Assert.AreEqual("customer_data.heartbeat:1|g|" + Tags, second, "it beats again at the next interval");
        Assert.AreEqual("customer_data.config.errors:0|g|#env:staging,service:customer-data-monitor,version:1.4.2", errors);
        Assert.IsLessThanOrEqualTo(started + 1, agent.Lines.Count(l => l.StartsWith("customer_data.heartbeat:", StringComparison.Ordinal)), "no beat once stopped (one may be in flight)");
    }
}
