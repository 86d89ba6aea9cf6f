using CustomerData.Alerts.DogStatsd;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

[TestClass]
public sealed class DogStatsdOptionsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => values.GetValueOrDefault(name);
    }

    [TestMethod]
    public void FromEnvironment_NothingSet_IsUdpToLocalhost8125()
    {
        var options = DogStatsdOptions.FromEnvironment(Environment());

        Assert.AreEqual("127.0.0.1", options.Host);
        Assert.AreEqual(8125, options.Port);
        Assert.IsNull(options.SocketPath);
        Assert.AreEqual(1432, options.MaxPacketSize);
        Assert.AreEqual(TimeSpan.FromMilliseconds(100), options.FlushInterval);
        Assert.AreEqual(10_000, options.QueueCapacity);
        Assert.IsEmpty(options.ConstantTags);
        Assert.IsEmpty(options.Validate());
    }

    [TestMethod]
    public void FromEnvironment_HostAndPort_AreRead()
    {
        var options = DogStatsdOptions.FromEnvironment(Environment(("DD_AGENT_HOST", "datadog-agent"), ("DD_DOGSTATSD_PORT", "18125")));

        Assert.AreEqual("datadog-agent", options.Host);
        Assert.AreEqual(18125, options.Port);
        Assert.IsNull(options.SocketPath);
    }

    [TestMethod]
    public void FromEnvironment_UnixSchemeInAgentHost_SelectsTheSocketWith8KPackets()
    {
        var options = DogStatsdOptions.FromEnvironment(Environment(("DD_AGENT_HOST", "unix:///var/run/datadog/dsd.socket")));

        Assert.AreEqual("/var/run/datadog/dsd.socket", options.SocketPath);
        Assert.AreEqual(8192, options.MaxPacketSize);
    }

    [TestMethod]
    public void FromEnvironment_DogStatsdSocket_WinsOverAgentHost()
    {
        var options = DogStatsdOptions.FromEnvironment(Environment(
            ("DD_AGENT_HOST", "unix:///var/run/old.socket"),
            ("DD_DOGSTATSD_SOCKET", "/var/run/datadog/dsd.socket")));

        Assert.AreEqual("/var/run/datadog/dsd.socket", options.SocketPath);
    }

    [TestMethod]
    public void FromEnvironment_UnifiedServiceTaggingAndEntityId_BecomeConstantTags()
    {
        var options = DogStatsdOptions.FromEnvironment(Environment(
            ("DD_ENTITY_ID", "5f1c-pod"), ("DD_ENV", "prod"), ("DD_SERVICE", "customer-data-monitor"), ("DD_VERSION", "1.4.0")));

        CollectionAssert.AreEqual(
            new[] { "env:prod", "service:customer-data-monitor", "version:1.4.0", "dd.internal.entity_id:5f1c-pod" },
            options.ConstantTags.ToArray());
    }

    [TestMethod]
    public void FromEnvironment_PortThatIsNotANumber_FailsNamingTheVariable()
    {
        var error = Assert.ThrowsExactly<DogStatsdAddressException>(() => DogStatsdOptions.FromEnvironment(Environment(("DD_DOGSTATSD_PORT", "eighty"))));

        Assert.AreEqual(
            "error: DogStatsD port \"eighty\" is not a number from 1 to 65535, DD_DOGSTATSD_PORT: set it to the agent's DogStatsD port, or unset it for 8125",
            error.Line);
    }

    [TestMethod]
    public void Service_WithInvalidOptions_RefusesToStartListingEveryProblem()
    {
        var options = new DogStatsdOptions { Port = 0, QueueCapacity = 0, ConstantTags = ["team|data"] };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DogStatsdService(options, new FakeTimeProvider()));

        StringAssert.StartsWith(error.Message, "Invalid DogStatsD options: Port 0 is not from 1 to 65535; QueueCapacity 0 is not positive; constant tag \"team|data\" is empty or holds '|', ',' or a line break");
    }

    [TestMethod]
    public async Task ConstantTagsFromEnvironment_GoOnEveryMetricEventAndServiceCheck_BeforeTheCallsTags()
    {
        using var agent = AgentListener.Udp(new Dictionary<string, string>
        {
            ["DD_ENV"] = "prod",
            ["DD_SERVICE"] = "customer-data-monitor",
            ["DD_VERSION"] = "1.4.0",
            ["DD_ENTITY_ID"] = "5f1c-pod",
        });
        using var statsd = new DogStatsdService(agent.Options, new FakeTimeProvider());

        statsd.Gauge("lag_seconds", 5, tags: ["check:orders"]);
        statsd.Event("Run finished", "ok");
        statsd.ServiceCheck("customer_data.check", Status.OK, tags: ["check:orders"], message: "fine");
        statsd.Flush();

        const string Tags = "#env:prod,service:customer-data-monitor,version:1.4.0,dd.internal.entity_id:5f1c-pod";
        Assert.AreEqual(
            $"lag_seconds:5|g|{Tags},check:orders\n_e{{12,2}}:Run finished|ok|{Tags}\n_sc|customer_data.check|0|{Tags},check:orders|m:fine",
            await agent.ReceivePacketAsync());
    }
}
