using System.Diagnostics;
using System.Net;
using CustomerData.Alerts.DogStatsd;
using CustomerData.Tests.Cli;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.DogStatsd;

/// <summary>
/// Issue 11: a bad DD_DOGSTATSD_PORT silently sent to 127.0.0.1:8125 without env/service/version, and a DNS server
/// that never answers added 6 s to every run. A bad address is now a start-up error (exit 3, one line), and the
/// agent's name is resolved once, in the background, within a bounded time.
/// </summary>
[TestClass]
public sealed class AgentAddressTests
{
    private static readonly Func<string, CancellationToken, Task<IPAddress[]>> NeverAnswers = (_, _) => new TaskCompletionSource<IPAddress[]>().Task;

    [TestMethod]
    [DataRow("DD_DOGSTATSD_PORT", "abc", "error: DogStatsD port \"abc\" is not a number from 1 to 65535, DD_DOGSTATSD_PORT: set it to the agent's DogStatsD port, or unset it for 8125")]
    [DataRow("DD_DOGSTATSD_PORT", "70000", "error: DogStatsD port \"70000\" is not a number from 1 to 65535, DD_DOGSTATSD_PORT: set it to the agent's DogStatsD port, or unset it for 8125")]
    [DataRow("DD_AGENT_HOST", "datadog-agent:8125", "error: DogStatsD agent host \"datadog-agent:8125\" is not a host name or an IP address, DD_AGENT_HOST: set it to the agent's name or address (such as datadog-agent or 10.0.0.5, without a port), or unix:///path/to/dsd.socket")]
    [DataRow("DD_AGENT_HOST", "http://agent", "error: DogStatsD agent host \"http://agent\" is not a host name or an IP address, DD_AGENT_HOST: set it to the agent's name or address (such as datadog-agent or 10.0.0.5, without a port), or unix:///path/to/dsd.socket")]
    public void FromEnvironment_BadAddress_IsAnErrorNamingTheVariable(string variable, string value, string line)
    {
        var error = Assert.ThrowsExactly<DogStatsdAddressException>(() => DogStatsdOptions.FromEnvironment(name => name == variable ? value : null));

        Assert.AreEqual(line, error.Line);
    }

    [TestMethod]
    [DataRow("datadog-agent")]
    [DataRow("datadog_agent")]
    [DataRow("agent.monitoring.svc.cluster.local.")]
    [DataRow("10.0.0.5")]
    [DataRow("::1")]
    public void FromEnvironment_HostNamesAndAddresses_AreAccepted(string host)
    {
        Assert.AreEqual(host, DogStatsdOptions.FromEnvironment(name => name == "DD_AGENT_HOST" ? host : null).Host);
    }

    [TestMethod]
    public async Task Run_WithABadPort_ExitsThreeWithOneLine_InsteadOfSendingElsewhere()
    {
        var outcome = await CliRunner.RunWithAsync(
            new Dictionary<string, string> { ["DD_DOGSTATSD_PORT"] = "70000", ["DD_ENV"] = "prod" },
            TestSupport.DemoFixture.Now,
            "run", "--no-alerts", "--config", CliRunner.RootConfig);

        Assert.AreEqual(3, outcome.ExitCode);
        Assert.AreEqual(string.Empty, outcome.Out, "the run stops before it queries the warehouse: no results table");
        Assert.AreEqual(
            "error: DogStatsD port \"70000\" is not a number from 1 to 65535, DD_DOGSTATSD_PORT: set it to the agent's DogStatsD port, or unset it for 8125\n",
            outcome.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Serve_WithAHostThatIsNoName_ExitsThreeWithOneLine_BeforeScheduling()
    {
        var run = CliRunner.RunWithAsync(
            new Dictionary<string, string> { ["DD_AGENT_HOST"] = "datadog agent" },
            TestSupport.DemoFixture.Now,
            "serve", "--config", CliRunner.RootConfig);
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.AreEqual(3, outcome.ExitCode);
        StringAssert.EndsWith(
            outcome.Error.Replace("\r\n", "\n", StringComparison.Ordinal),
            "error: DogStatsD agent host \"datadog agent\" is not a host name or an IP address, DD_AGENT_HOST: set it to the agent's name or address (such as datadog-agent or 10.0.0.5, without a port), or unix:///path/to/dsd.socket\n");
    }

    [TestMethod]
    public async Task HostThatNeverResolves_CostsTheResolveTimeoutOnce_ThenPacketsFailAtOnce()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<DogStatsdService>();
        var options = new DogStatsdOptions { Host = "agent.example", ResolveHost = NeverAnswers, ResolveTimeout = TimeSpan.FromSeconds(1) };
        using var statsd = new DogStatsdService(options, time, logger: logger);
        var started = time.GetUtcNow();

        statsd.Gauge("lag_seconds", 5);
        var flush = statsd.FlushAsync(TimeSpan.FromMinutes(5));
        while (!flush.IsCompleted && time.GetUtcNow() - started < TimeSpan.FromMinutes(5))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        var waited = time.GetUtcNow() - started;
        statsd.Gauge("lag_seconds", 6);
        var second = await statsd.FlushAsync(TimeSpan.FromMinutes(5));

        Assert.IsTrue(await flush, "the flush ended when the resolution gave up, not at its own 5-minute timeout");
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(1.5), waited);
        Assert.IsTrue(second, "within the retry minute a packet fails at once, with no clock advance");
        Assert.AreEqual(2, statsd.DroppedDatagrams);
        StringAssert.StartsWith(logger.LatestRecord.Message, "DogStatsD dropped 1 datagram(s) since the last report: 1 send_failed (last error: the agent host agent.example did not resolve: no answer within 1 s)");
    }

    [TestMethod]
    public void HostThatNeverResolves_DoesNotHoldARunsFlushAndDisposeForSeconds()
    {
        // Before, a run waited 2 s (flush) + 2 s (dispose) + 2 s (cancelled sends) for such a name: 6 s every run.
        var options = new DogStatsdOptions { Host = "agent.example", ResolveHost = NeverAnswers };
        var clock = Stopwatch.StartNew();

        var statsd = new DogStatsdService(options);
        statsd.Gauge("lag_seconds", 5);
        statsd.ServiceCheck("customer_data.check", Status.OK);
        statsd.Flush();
        statsd.Dispose();

        Assert.IsLessThan(TimeSpan.FromSeconds(4), clock.Elapsed, "bounded by the 1 s resolve timeout, with a generous margin");
        Assert.AreEqual(2, statsd.DroppedDatagrams);
    }

    [TestMethod]
    public async Task HostThatResolves_IsResolvedOnceInTheBackground_FromStartUp()
    {
        using var agent = AgentListener.Udp();
        var port = int.Parse(agent.Environment("DD_DOGSTATSD_PORT")!, System.Globalization.CultureInfo.InvariantCulture);
        var calls = 0;
        var resolved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new DogStatsdOptions
        {
            Host = "agent.example",
            Port = port,
            ResolveHost = (host, _) =>
            {
                Interlocked.Increment(ref calls);
                resolved.TrySetResult();
                return Task.FromResult(new[] { IPAddress.IPv6Loopback, IPAddress.Loopback });
            },
        };
        using var statsd = new DogStatsdService(options, new FakeTimeProvider());

        await resolved.Task.WaitAsync(TimeSpan.FromSeconds(10));
        statsd.Gauge("a", 1);
        statsd.Flush();
        var first = await agent.ReceivePacketAsync();
        statsd.Gauge("b", 2);
        statsd.Flush();

        Assert.AreEqual("a:1|g", first, "sent to the IPv4 address the agent listens on");
        Assert.AreEqual("b:2|g", await agent.ReceivePacketAsync());
        Assert.AreEqual(1, calls);
    }
}
