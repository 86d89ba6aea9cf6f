using System.Globalization;
using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

// A FakeTimeProvider that is never advanced keeps the flush interval from splitting a packet mid-test.
[TestClass]
public sealed class MetricTests
{
    [TestMethod]
    public async Task EachMetricType_IsWrittenWithItsTypeCode_InOnePacket()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Counter("rows.read", 42);
        statsd.Increment("runs");
        statsd.Decrement("slots", 3);
        statsd.Gauge("lag_seconds", 1800.5);
        statsd.Histogram("query.bytes", 2048);
        statsd.Distribution("query.ms", 12.25);
        statsd.Timer("check.ms", 7);
        statsd.Set("tables.seen", "shop.orders");
        statsd.Flush();

        Assert.AreEqual(
            "rows.read:42|c\nruns:1|c\nslots:-3|c\nlag_seconds:1800.5|g\nquery.bytes:2048|h\nquery.ms:12.25|d\ncheck.ms:7|ms\ntables.seen:shop.orders|s",
            await agent.ReceivePacketAsync());
        Assert.AreEqual(0, statsd.DroppedDatagrams);
    }

    [TestMethod]
    [DataRow(0.00001, "0.00001")]
    [DataRow(1.5e-7, "0.00000015")]
    [DataRow(-2.5e-6, "-0.0000025")]
    [DataRow(1e15, "1000000000000000")]
    [DataRow(1.2345e20, "123450000000000000000")]
    [DataRow(1234567.891, "1234567.891")]
    [DataRow(0.1, "0.1")]
    [DataRow(3.0, "3")]
    public async Task Gauge_Value_IsAShortestPlainInvariantDecimal(double value, string expected)
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            statsd.Gauge("value", value);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        statsd.Flush();

        Assert.AreEqual($"value:{expected}|g", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task SampleRateBelowOne_SendsWhenTheDrawIsBelowIt_AndWritesTheRate()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider(), new FixedRandom(0.7, 0.3, 0.99, 0.1));

        statsd.Increment("skipped", sampleRate: 0.5);
        statsd.Increment("sent", sampleRate: 0.5);
        statsd.Histogram("unsampled", 4, sampleRate: 1);
        statsd.Gauge("also_skipped", 1, sampleRate: 0.25);
        statsd.Set("users", "u-42", sampleRate: 0.125);
        statsd.Flush();

        Assert.AreEqual("sent:1|c|@0.5\nunsampled:4|h\nusers:u-42|s|@0.125", await agent.ReceivePacketAsync());
        Assert.AreEqual(0, statsd.DroppedDatagrams, "a sampled-out call is not a drop");
    }

    [TestMethod]
    public async Task Timestamp_IsWrittenLastInUnixSeconds()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(1));

        statsd.Gauge("lag_seconds", 5, tags: ["check:orders"], timestamp: at);
        statsd.Counter("rows", 3, sampleRate: 1, timestamp: at);
        statsd.Flush();

        Assert.AreEqual("lag_seconds:5|g|#check:orders|T1795683600\nrows:3|c|T1795683600", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task Prefix_GoesBeforeMetricNamesOnly()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options with { Prefix = "customer_data" }, new FakeTimeProvider());

        statsd.Gauge("lag_seconds", 5, tags: ["check:orders", "team:data"]);
        statsd.ServiceCheck("customer_data.check", Status.WARNING);
        statsd.Flush();

        Assert.AreEqual("customer_data.lag_seconds:5|g|#check:orders,team:data\n_sc|customer_data.check|1", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task StartTimer_SendsTheElapsedMillisecondsOfTheTimeProvider_Once()
    {
        using var agent = AgentListener.Udp();
        var time = new FakeTimeProvider();
        using var statsd = new DogStatsdService(agent.Options, time);

        var timer = statsd.StartTimer("check.duration", tags: ["check:orders"]);
        time.Advance(TimeSpan.FromMilliseconds(250));
        timer.Dispose();
        timer.Dispose();
        statsd.Flush();

        Assert.AreEqual("check.duration:250|ms|#check:orders", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task MetricsTheAgentWouldMisread_AreRefusedAndCounted_NeverThrown()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Gauge("bad|name", 1);
        statsd.Gauge("bad:name", 1);
        statsd.Gauge("line\nbreak", 1);
        statsd.Gauge("", 1);
        statsd.Gauge("not_a_number", double.NaN);
        statsd.Gauge("infinite", double.PositiveInfinity);
        statsd.Increment("tagged", tags: ["a|b"]);
        statsd.Increment("tagged", tags: ["a,b"]);
        statsd.Set("set", "x\ny");
        statsd.Increment("good");
        statsd.Flush();

        Assert.AreEqual("good:1|c\ncustomer_data.dogstatsd.dropped:9|c|#reason:invalid", await agent.ReceivePacketAsync());
        Assert.AreEqual(9, statsd.DroppedDatagrams);
    }
}
