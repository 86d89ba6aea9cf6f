using CustomerData.Checks.Engine;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Composition;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerData.Tests.Alerting;

/// <summary>
/// The composition root `run` and `serve` share: one dispatcher per process, so concurrent runs (two Quartz schedules
/// firing together) never post one message twice; what cannot be sent is said once per channel and exposed.
/// </summary>
[TestClass]
public sealed class CompositionRootTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private LoadedConfig Load()
    {
        var directory = Path.Combine(Path.GetTempPath(), "customerdata-root-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        TestContext.Properties["directory"] = directory;
        var path = Path.Combine(directory, "checks.json");
        File.WriteAllText(path, """
            {
              "defaults": { "notify": { "slack": "#alerts" } },
              "notifications": { "slack": { "webhooks": { "#alerts": "SLACK_TEST_WEBHOOK" } } },
              "sources": { "mem": { "type": "duckdb", "path": ":memory:" } },
              "checks": [
                { "name": "a_freshness", "type": "freshness", "source": "mem", "table": "sales.a", "column": "t", "critical_after": "6h" },
                { "name": "b_freshness", "type": "freshness", "source": "mem", "table": "sales.b", "column": "t", "critical_after": "6h" }
              ]
            }
            """);
        var (loaded, errors) = LoadedConfig.Read(path, Path.Combine(directory, "data"), _ => null);
        Assert.IsNotNull(loaded, string.Join("\n", errors));
        return loaded;
    }

    [TestCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestContext.Properties["directory"] is string directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public async Task TwoRunsPublishingAtOnce_ThroughOneRoot_PostEachMessageOnce()
    {
        var loaded = Load();
        await using var slack = new LoopbackSlackServer();
        slack.Hang(TimeSpan.FromMilliseconds(700));
        slack.Hang(TimeSpan.FromMilliseconds(700));
        var environment = new Dictionary<string, string> { ["SLACK_TEST_WEBHOOK"] = slack.Url.ToString() };
        await using var root = await MonitorRuntime.CreateAsync(loaded, alerts: true, environment.GetValueOrDefault, new ShiftedTimeProvider(T0), NullLoggerFactory.Instance, TextWriter.Null, CancellationToken.None);

        // As two Quartz jobs of one serve process: each publishes its own check, then delivers.
        var reports = await Task.WhenAll(
            root.PublishAsync(loaded, [AlertingHarness.Result(loaded.Config.Checks[0], CheckStatus.Critical, T0)], T0, TextWriter.Null, TextWriter.Null, CancellationToken.None),
            root.PublishAsync(loaded, [AlertingHarness.Result(loaded.Config.Checks[1], CheckStatus.Critical, T0)], T0, TextWriter.Null, TextWriter.Null, CancellationToken.None));

        Assert.AreEqual(0, reports.Sum(r => r.Pending));
        Assert.HasCount(2, slack.Posts);
        Assert.HasCount(2, slack.Posts.Select(p => p.Body).Distinct(), "each message once");
    }

    [TestMethod]
    public async Task UnsetWebhook_IsSaidOncePerChannel_AndExposedForReadiness()
    {
        var loaded = Load();
        await using var root = await MonitorRuntime.CreateAsync(loaded, alerts: true, _ => null, new ShiftedTimeProvider(T0), NullLoggerFactory.Instance, TextWriter.Null, CancellationToken.None);
        using var first = new StringWriter();
        using var second = new StringWriter();

        var report = await root.PublishAsync(loaded, [AlertingHarness.Result(loaded.Config.Checks[0], CheckStatus.Critical, T0)], T0, TextWriter.Null, first, CancellationToken.None);
        await root.PublishAsync(loaded, [AlertingHarness.Result(loaded.Config.Checks[1], CheckStatus.Critical, T0)], T0, TextWriter.Null, second, CancellationToken.None);

        Assert.AreEqual(1, report.Pending);
        Assert.AreEqual(
            $"1 Slack message for #alerts waits in {Path.Combine(loaded.DataDirectory, "state.db")}: SLACK_TEST_WEBHOOK is not set; "
                + "set SLACK_TEST_WEBHOOK to the channel's incoming-webhook URL to send them\n",
            first.ToString().ReplaceLineEndings("\n"));
        Assert.AreEqual(string.Empty, second.ToString(), "said once while the reason stays the same");
        Assert.AreEqual("2 messages wait for #alerts: SLACK_TEST_WEBHOOK is not set", root.BlockedDelivery.Single().ToString());
    }
}
