using System.Text;
using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

/// <summary>
/// Issue 17: callers write UTF-8 into their thread's buffer and pack it into the open packet under a lock, so
/// concurrent callers must never interleave bytes, and the queue's bound counts datagrams in the open packet too.
/// </summary>
[TestClass]
public sealed class CallerPackingTests
{
    [TestMethod]
    public async Task CallersOnFourThreads_EachDatagramArrivesWholeAndOnce()
    {
        // A Unix socket: loopback UDP would drop packets once the agent's receive buffer fills, a datagram socket waits.
        using var agent = AgentListener.UnixSocket();
        using var statsd = new DogStatsdService(agent.Options with { QueueCapacity = 100_000 }, new FakeTimeProvider());
        const int Threads = 4;
        const int PerThread = 2_000;
        var sent = Enumerable.Range(0, Threads).SelectMany(t => Enumerable.Range(0, PerThread).Select(i => $"thread_{t}.métric:{i}.5|g|#t:{t}")).ToList();
        var receiving = agent.ReceivePacketsAsync(sent.Count);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                statsd.Gauge($"thread_{t}.métric", i + 0.5, tags: [$"t:{t}"]);
            }
        })));
        statsd.Flush();
        var packets = await receiving;

        CollectionAssert.AreEquivalent(sent, packets.SelectMany(p => p.Split('\n')).ToList());
        Assert.IsTrue(packets.TrueForAll(p => Encoding.UTF8.GetByteCount(p) <= 8192), "a packet is larger than 8192 bytes");
        Assert.AreEqual(0, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task QueueCapacity_CountsTheOpenPacket_TheNextCallIsDroppedAndCounted()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options with { QueueCapacity = 3 }, new FakeTimeProvider());

        statsd.Increment("a");
        statsd.Increment("b");
        statsd.Increment("c");
        statsd.Increment("d");
        statsd.Flush();

        var packets = new List<string> { await agent.ReceivePacketAsync() };
        if (!packets[0].Contains("dogstatsd.dropped", StringComparison.Ordinal))
        {
            packets.Add(await agent.ReceivePacketAsync());
        }

        Assert.AreEqual("a:1|c\nb:1|c\nc:1|c\ncustomer_data.dogstatsd.dropped:1|c|#reason:queue_full", string.Join('\n', packets));
        Assert.AreEqual(1, statsd.DroppedDatagrams);
    }
}
