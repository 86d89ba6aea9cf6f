using System.Text;
using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

[TestClass]
public sealed class UnixSocketTests
{
    [TestMethod]
    public async Task AgentHostWithUnixScheme_SendsOverTheSocket()
    {
        using var agent = AgentListener.UnixSocket(new Dictionary<string, string> { ["DD_ENV"] = "prod" });
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Gauge("lag_seconds", 5, tags: ["check:orders"]);
        statsd.ServiceCheck("customer_data.check", Status.WARNING, message: "late");
        statsd.Flush();

        Assert.AreEqual("lag_seconds:5|g|#env:prod,check:orders\n_sc|customer_data.check|1|#env:prod|m:late", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task ManySmallMetrics_ShareSocketPacketsOfAtMost8192Bytes_AndNoneIsLost()
    {
        using var agent = AgentListener.UnixSocket();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var sent = Enumerable.Range(0, 2000).Select(i => $"packing.metric_{i:0000}:{i}|c").ToList();

        for (var i = 0; i < sent.Count; i++)
        {
            statsd.Counter($"packing.metric_{i:0000}", i);
        }

        var receiving = agent.ReceivePacketsAsync(sent.Count);
        statsd.Flush();
        var packets = await receiving;

        Assert.IsTrue(packets.TrueForAll(p => Encoding.UTF8.GetByteCount(p) <= 8192), "a packet is larger than 8192 bytes");
        Assert.IsTrue(packets.Exists(p => Encoding.UTF8.GetByteCount(p) > 1432), "socket packets are larger than UDP ones");
        CollectionAssert.AreEqual(sent, packets.SelectMany(p => p.Split('\n')).ToList());
    }
}
