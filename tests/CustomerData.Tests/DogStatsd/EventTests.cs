using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

[TestClass]
public sealed class EventTests
{
    [TestMethod]
    public async Task Event_WithEveryField_EscapesLineBreaksAndCountsUtf8BytesAfterEscaping()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        // "✓" is 3 bytes and "é" 2; "\r" is dropped and the newline becomes the two characters \n.
        statsd.Event(
            "Orders late ✓",
            "Rows stopped\r\narriving: é",
            alertType: "error",
            aggregationKey: "orders_freshness",
            sourceType: "customer_data",
            dateHappened: 1795683600,
            priority: "low",
            hostname: "monitor-1",
            tags: ["check:orders_freshness"]);
        statsd.Flush();

        Assert.AreEqual(
            "_e{15,26}:Orders late ✓|Rows stopped\\narriving: é|d:1795683600|h:monitor-1|k:orders_freshness|p:low|s:customer_data|t:error|#check:orders_freshness",
            await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task Event_WithTitleAndTextOnly_HasNoOptionalFields()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Event("Run finished", "8 checks:\n4 ok");
        statsd.Flush();

        Assert.AreEqual("_e{12,15}:Run finished|8 checks:\\n4 ok", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task Event_WithoutTitleOrWithAPipeInAField_IsRefusedAndCounted()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Event("", "text");
        statsd.Event("Title", "text", hostname: "host|1");
        statsd.Event("Title", "a | in the text is fine: its length is given");
        statsd.Flush();

        Assert.AreEqual(
            "_e{5,44}:Title|a | in the text is fine: its length is given\ncustomer_data.dogstatsd.dropped:2|c|#reason:invalid",
            await agent.ReceivePacketAsync());
        Assert.AreEqual(2, statsd.DroppedDatagrams);
    }
}
