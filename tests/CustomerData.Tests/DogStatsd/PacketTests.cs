using System.Text;
using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

[TestClass]
public sealed class PacketTests
{
    [TestMethod]
    public async Task ManySmallMetrics_ShareUdpPacketsOfAtMost1432Bytes_AndNoneIsLost()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options);
        var sent = Enumerable.Range(0, 3000).Select(i => $"packing.metric_{i:0000}:{i}|c").ToList();
        var receiving = agent.ReceivePacketsAsync(sent.Count);

        for (var i = 0; i < sent.Count; i++)
        {
            statsd.Counter($"packing.metric_{i:0000}", i);
        }

        statsd.Flush();
        var packets = await receiving;

        Assert.IsTrue(packets.TrueForAll(p => Encoding.UTF8.GetByteCount(p) <= 1432), "a packet is larger than 1432 bytes");
        CollectionAssert.AreEquivalent(sent, packets.SelectMany(p => p.Split('\n')).ToList());
        Assert.IsLessThan(sent.Count / 20, packets.Count, "datagrams share packets");
        Assert.AreEqual(0, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task DatagramOfExactlyThePacketSize_IsSent_AndOneByteLarger_IsDroppedAndCounted()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        // Sizes are UTF-8 bytes: 'é' is two, so 714 of them and ":1|g" make exactly 1432 bytes in 718 characters.
        statsd.Gauge(new string('é', 715), 1);
        statsd.Gauge(new string('é', 714), 1);
        statsd.Flush();

        Assert.AreEqual(new string('é', 714) + ":1|g", await agent.ReceivePacketAsync());
        Assert.AreEqual("customer_data.dogstatsd.dropped:1|c|#reason:too_large", await agent.ReceivePacketAsync(), "the full packet leaves the drop count to the next");
        Assert.AreEqual(1, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task DatagramThatDoesNotFitThePartialPacket_StartsTheNextPacket()
    {
        using var agent = AgentListener.Udp();
        // 80 bytes leave room for the drop count, which the options require to fit one packet.
        using var statsd = new DogStatsdService(agent.Options with { MaxPacketSize = 80 }, new FakeTimeProvider());
        var (a, b, c, d) = (new string('a', 20), new string('b', 20), new string('c', 20), new string('d', 20));

        statsd.Gauge(a, 1);
        statsd.Gauge(b, 2);
        statsd.Gauge(c, 3);
        statsd.Gauge(d, 4);
        statsd.Flush();

        // Three datagrams of 24 bytes and two newlines are 74 bytes; a fourth would make 99.
        Assert.AreEqual($"{a}:1|g\n{b}:2|g\n{c}:3|g", await agent.ReceivePacketAsync());
        Assert.AreEqual($"{d}:4|g", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task FullQueue_DropsAndCountsWithoutBlocking_AndEverythingElseArrives()
    {
        // Nobody reads the socket at first, so the agent's queue fills, the send waits, and so does the
        // client's tiny queue: a call that blocked would never return.
        using var agent = AgentListener.UnixSocket();
        using var statsd = new DogStatsdService(agent.Options with { QueueCapacity = 8 });
        const int Calls = 40_000;

        await Task.Run(() =>
        {
            for (var i = 0; i < Calls; i++)
            {
                statsd.Gauge("queue.metric", i);
            }
        }).WaitAsync(TimeSpan.FromSeconds(60));
        var dropped = statsd.DroppedDatagrams;

        // The drop counts travel among the gauges, in the packets flushed after the drops.
        var packets = new List<string>();
        var received = new List<string>();
        while (received.Count < Calls - dropped)
        {
            packets.Add(await agent.ReceivePacketAsync());
            received.AddRange(packets[^1].Split('\n').Where(d => d.StartsWith("queue.metric:", StringComparison.Ordinal)));
        }

        Assert.IsGreaterThan(0, dropped);
        Assert.AreEqual(Calls - dropped, received.Count);
        Assert.AreEqual(received.Count, received.Distinct().Count());
        Assert.IsTrue(packets.TrueForAll(p => Encoding.UTF8.GetByteCount(p) <= 8192), "a packet is larger than 8192 bytes");
        Assert.AreEqual(dropped, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task QueuedMetric_IsSentWithinTheFlushInterval_WithoutCallingFlush()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options);

        statsd.Gauge("lag_seconds", 5);

        Assert.AreEqual("lag_seconds:5|g", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task FlushInterval_RunsOnTheInjectedTimeProvider()
    {
        using var agent = AgentListener.Udp();
        var time = new FakeTimeProvider();
        using var statsd = new DogStatsdService(agent.Options, time);

        statsd.Gauge("lag_seconds", 5);
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.AreEqual("lag_seconds:5|g", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task Dispose_SendsWhatIsQueued_AndLaterCallsAreDroppedAndCounted()
    {
        using var agent = AgentListener.Udp();
        var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Gauge("lag_seconds", 5);
        statsd.Increment("runs");
        statsd.Dispose();
        statsd.Increment("after_dispose");
        statsd.Flush();
        statsd.Dispose();

        Assert.AreEqual("lag_seconds:5|g\nruns:1|c", await agent.ReceivePacketAsync());
        Assert.AreEqual(1, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task AgentSocketThatDoesNotExist_DropsAndCountsThePacketsDatagrams_NeverThrows()
    {
        var directory = Directory.CreateTempSubdirectory("dsd-");
        try
        {
            var options = new DogStatsdOptions { SocketPath = Path.Combine(directory.FullName, "missing.socket") };
            using var statsd = new DogStatsdService(options, new FakeTimeProvider());

            statsd.Gauge("lag_seconds", 5);
            statsd.Increment("runs");
            statsd.ServiceCheck("customer_data.check", Status.OK);
            var flushed = await statsd.FlushAsync();

            Assert.IsTrue(flushed, "the packet was handed to the transport, which failed");
            Assert.AreEqual(3, statsd.DroppedDatagrams);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
