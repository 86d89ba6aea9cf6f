using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

[TestClass]
public sealed class ServiceCheckTests
{
    [TestMethod]
    public async Task ServiceCheck_WithEveryField_PutsTheMessageLast_ReplacingPipesAndEscapingMColon()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.ServiceCheck(
            "customer_data.check",
            Status.CRITICAL,
            timestamp: 1795683600,
            hostname: "monitor-1",
            tags: ["check:orders"],
            message: "1,879 rows | expected m: 2,500\r\nsee the runbook");
        statsd.Flush();

        Assert.AreEqual(
            "_sc|customer_data.check|2|d:1795683600|h:monitor-1|#check:orders|m:1,879 rows ¦ expected m\\: 2,500\\nsee the runbook",
            await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task ServiceCheck_EachStatus_IsItsNumber()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        foreach (var status in new[] { Status.OK, Status.WARNING, Status.CRITICAL, Status.UNKNOWN })
        {
            statsd.ServiceCheck("customer_data.check", status);
        }

        statsd.Flush();

        Assert.AreEqual(
            "_sc|customer_data.check|0\n_sc|customer_data.check|1\n_sc|customer_data.check|2\n_sc|customer_data.check|3",
            await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task ServiceCheck_NameWithPipeOrUnknownStatus_IsRefusedAndCounted_NeverThrown()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.ServiceCheck("orders|freshness", Status.OK, message: "fine");
        statsd.ServiceCheck("customer_data.check", (Status)7);
        statsd.ServiceCheck("customer_data.check", Status.OK, hostname: "a|b");
        statsd.ServiceCheck("customer_data.check", Status.OK, message: "fine");
        statsd.Flush();

        Assert.AreEqual("_sc|customer_data.check|0|m:fine\ncustomer_data.dogstatsd.dropped:3|c|#reason:invalid", await agent.ReceivePacketAsync());
        Assert.AreEqual(3, statsd.DroppedDatagrams);
    }
}
