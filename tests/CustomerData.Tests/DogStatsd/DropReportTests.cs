using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

/// <summary>
/// Issue 11: drops were counted but never seen. Each flush now sends customer_data.dogstatsd.dropped by reason (with
/// the constant tags), and the drops are logged with their count and reasons at most once a minute.
/// </summary>
[TestClass]
public sealed class DropReportTests
{
    [TestMethod]
    public async Task Drops_AreSentWithTheNextFlushByReason_AndLoggedOnce()
    {
        using var agent = AgentListener.Udp(new Dictionary<string, string> { ["DD_ENV"] = "prod" });
        var logger = new FakeLogger<DogStatsdService>();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider(), logger: logger);

        statsd.Gauge(new string('g', 2_000), 1);
        statsd.Gauge("bad|name", 1);
        statsd.Increment("tagged", tags: ["a,b"]);
        statsd.Increment("runs");
        statsd.Flush();

        Assert.AreEqual(
            "runs:1|c|#env:prod\n"
            + "customer_data.dogstatsd.dropped:1|c|#env:prod,reason:too_large\n"
            + "customer_data.dogstatsd.dropped:2|c|#env:prod,reason:invalid",
            await agent.ReceivePacketAsync());
        Assert.AreEqual(1, logger.Collector.Count);
        Assert.AreEqual(LogLevel.Warning, logger.LatestRecord.Level);
        Assert.AreEqual("DogStatsD dropped 3 datagram(s) since the last report: 1 too_large, 2 invalid", logger.LatestRecord.Message);
        Assert.AreEqual(3, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task Log_IsRateLimitedToOnceAMinute_ButTheCountGoesWithEveryFlush()
    {
        using var agent = AgentListener.Udp();
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<DogStatsdService>();
        using var statsd = new DogStatsdService(agent.Options, time, logger: logger);

        statsd.Gauge("bad|name", 1);
        statsd.Flush();
        var first = await agent.ReceivePacketAsync();
        statsd.Gauge("bad|name", 1);
        statsd.Gauge("bad|name", 1);
        statsd.Flush();
        var second = await agent.ReceivePacketAsync();
        var logsWithinTheMinute = logger.Collector.Count;
        time.Advance(PacketSender.LogInterval);
        statsd.Flush();

        Assert.AreEqual("customer_data.dogstatsd.dropped:1|c|#reason:invalid", first);
        Assert.AreEqual("customer_data.dogstatsd.dropped:2|c|#reason:invalid", second);
        Assert.AreEqual(1, logsWithinTheMinute);
        Assert.AreEqual(2, logger.Collector.Count);
        Assert.AreEqual("DogStatsD dropped 2 datagram(s) since the last report: 2 invalid", logger.LatestRecord.Message);
    }

    [TestMethod]
    public async Task TransportFailure_IsLoggedWithItsError_AndAnUndeliveredCountIsNeitherLostNorCountedAsADrop()
    {
        var directory = Directory.CreateTempSubdirectory("dsd-");
        try
        {
            var logger = new FakeLogger<DogStatsdService>();
            var options = new DogStatsdOptions { SocketPath = Path.Combine(directory.FullName, "missing.socket") };
            using var statsd = new DogStatsdService(options, new FakeTimeProvider(), logger: logger);

            statsd.Gauge("lag_seconds", 5);
            statsd.Increment("runs");
            await statsd.FlushAsync();
            await statsd.FlushAsync();
            await statsd.FlushAsync();

            // Each later flush tried to send the count of 2 and failed: it stays to be reported, not a third drop.
            Assert.AreEqual(2, statsd.DroppedDatagrams);
            StringAssert.StartsWith(logger.LatestRecord.Message, "DogStatsD dropped 2 datagram(s) since the last report: 2 send_failed (last error: ");
            Assert.AreEqual(1, logger.Collector.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
