using System.Text;
using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

/// <summary>
/// Issue 11: a 10 KB error used to drop the whole service check (and the Datadog monitor saw no data). The free text
/// is now cut to Datadog's limits and to the packet, so the status, name and tags always arrive.
/// </summary>
[TestClass]
public sealed class LongTextTests
{
    private const string Marker = "… (cut)";

    [TestMethod]
    public async Task ServiceCheck_With10KbError_ArrivesWithItsStatus_MessageCutToDatadogs500Characters()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var error = "query failed: " + new string('x', 10_000);

        statsd.ServiceCheck("customer_data.check", Status.UNKNOWN, tags: ["check:orders"], message: error);
        statsd.Flush();

        // 493 characters of the error and the 7 of the marker: Datadog's 500.
        Assert.AreEqual("_sc|customer_data.check|3|#check:orders|m:" + error[..493] + Marker, await agent.ReceivePacketAsync());
        Assert.AreEqual(0, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task ServiceCheck_WithMultiByteText_IsCutToThePacketInWholeCharacters()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.ServiceCheck("customer_data.check", Status.CRITICAL, tags: ["check:orders"], message: new string('✓', 5_000));
        statsd.Flush();
        var packet = await agent.ReceivePacketAsync();

        // "✓" is 3 bytes: 1,432 - 39 (_sc|customer_data.check|2|#check:orders) - 3 (|m:) - 9 (the marker) = 1,381,
        // room for 460 of them; the datagram is then 1,431 bytes.
        Assert.AreEqual("_sc|customer_data.check|2|#check:orders|m:" + new string('✓', 460) + Marker, packet);
        Assert.AreEqual(1431, Encoding.UTF8.GetByteCount(packet));
    }

    [TestMethod]
    public async Task ServiceCheck_TagsLeavingNoRoomForAMessage_IsSentWithoutIt()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var tag = "table:" + new string('t', 1_390);

        // 1,423 bytes before the message: "|m:" and the cut marker would make 1,435.
        statsd.ServiceCheck("customer_data.check", Status.CRITICAL, tags: [tag], message: "1,879 rows");
        statsd.Flush();

        Assert.AreEqual("_sc|customer_data.check|2|#" + tag, await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task Event_WithLongText_IsCutToFillThePacketExactly_WithItsTitleFieldsAndTags()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        const string Title = "[CustomerData] orders is CRITICAL";
        const string Tail = "|d:1795683600|k:customer_data.check:orders|s:customer_data|t:error|#check:orders";

        statsd.Event(Title, new string('e', 10_000), alertType: "error", aggregationKey: "customer_data.check:orders",
            sourceType: "customer_data", dateHappened: 1795683600, tags: ["check:orders"]);
        statsd.Flush();
        var packet = await agent.ReceivePacketAsync();

        // 1,432 bytes less the title (33), its length (2 digits), room for the text's length (4 digits), "_e{,}:|" (7),
        // the fields and tags (80) and the marker (9): 1,297 characters of text, 1,306 bytes with the marker.
        Assert.AreEqual($"_e{{33,1306}}:{Title}|" + new string('e', 1297) + Marker + Tail, packet);
        Assert.AreEqual(1432, Encoding.UTF8.GetByteCount(packet));
    }

    [TestMethod]
    public async Task Event_OnAUnixSocket_IsCutToDatadogs4000Characters_AndTitleTo100()
    {
        using var agent = AgentListener.UnixSocket();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());
        var title = new string('T', 150);

        statsd.Event(title, "line one\n" + new string('e', 10_000));
        statsd.Flush();

        // The 8 KB packet holds more: the limits are Datadog's 100-character title and 4,000-character text.
        var text = "line one\\n" + new string('e', 4000 - 9 - Marker.Length) + Marker;
        var cutTitle = title[..93] + Marker;
        Assert.AreEqual($"_e{{{Encoding.UTF8.GetByteCount(cutTitle)},{Encoding.UTF8.GetByteCount(text)}}}:{cutTitle}|{text}", await agent.ReceivePacketAsync());
    }

    [TestMethod]
    public async Task CutText_NeverSplitsAnEscapedLineBreakOrAnEscapedMColon()
    {
        using var agent = AgentListener.Udp();
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        // 490 characters of "a", then a line break and "m:" around the 493rd character where the cut falls.
        statsd.ServiceCheck("customer_data.check", Status.CRITICAL, message: new string('a', 491) + "\nm:" + new string('b', 100));
        statsd.Flush();

        Assert.AreEqual("_sc|customer_data.check|2|m:" + new string('a', 491) + "\\nm" + Marker, await agent.ReceivePacketAsync());
    }
}
