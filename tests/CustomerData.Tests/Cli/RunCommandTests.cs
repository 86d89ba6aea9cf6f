using System.Text.Json;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Cli;

[TestClass]
// These read the shared demo warehouse file; they flaked (a check UNKNOWN) when run beside other classes that open
// it, a race not yet explained, so they run alone until it is.
[DoNotParallelize]
public sealed class RunCommandTests
{
    private static readonly string[] RootCheckNames =
    [
        "orders_freshness", "orders_daily_volume", "orders_total_volume", "paid_orders_amount_null_rate",
        "customers_freshness", "customers_email_null_rate_fr", "events_freshness", "events_campaign_null_rate_1d",
        "web_sessions_hourly", "customers_schema", "orders_refund_ratio_7d", "orders_replicated",
        "orders_order_id_unique", "orders_status_accepted", "orders_amount_not_negative", "customers_email_format",
    ];

    [TestMethod]
    public async Task Run_OnTheDemo_PrintsEveryCheckAndExitsOneForCritical()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig);

        Assert.AreEqual(1, outcome.ExitCode, outcome.Error);
        var lines = outcome.Out.Split('\n');
        StringAssert.StartsWith(lines[0], "STATUS    CHECK                         OBSERVED");
        foreach (var name in RootCheckNames)
        {
            Assert.IsTrue(lines.Skip(1).Take(RootCheckNames.Length).Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == name), name);
        }

        StringAssert.Contains(outcome.Out, $"CRITICAL  events_freshness              {await EventsLagAsync()} old");
        StringAssert.Contains(outcome.Out, "16 checks: 5 ok, 4 warning, 7 critical, 0 unknown");
    }

    [TestMethod]
    public async Task Run_JsonFormat_WritesOneObjectPerCheckWithLowercaseStatus()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--format", "json");

        var objects = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(o => o.TryGetProperty("check", out _)).ToList();
        CollectionAssert.AreEqual(RootCheckNames, objects.Select(o => o.GetProperty("check").GetString()).ToArray());
        CollectionAssert.AreEquivalent(
            new[] { "ok", "warning", "ok", "ok", "ok", "warning", "critical", "critical", "critical", "critical", "ok", "critical", "critical", "warning", "critical", "warning" },
            objects.Select(o => o.GetProperty("status").GetString()).ToArray());
        var events = objects.Single(o => o.GetProperty("check").GetString() == "events_freshness");
        var newest = (DateTime)(await DemoFixture.ScalarAsync("SELECT max(event_time) FROM marketing.events"))!;
        Assert.AreEqual((DemoFixture.Now.UtcDateTime - newest).TotalSeconds, events.GetProperty("value").GetDouble(), 1e-6);
        StringAssert.StartsWith(events.GetProperty("message").GetString(), $"newest event_time is {await EventsLagAsync()} old");
    }

    // The demo stops its events about 8h20m before the test's "now"; the exact second comes from the data.
    private static async Task<string> EventsLagAsync()
    {
        var newest = (DateTime)(await DemoFixture.ScalarAsync("SELECT max(event_time) FROM marketing.events"))!;
        return Checks.Definitions.Duration.Format(DemoFixture.Now.UtcDateTime - newest);
    }

    [TestMethod]
    [DataRow("orders_freshness", null, 0)]
    [DataRow("orders_daily_volume", null, 0)]
    [DataRow("orders_daily_volume", "warning", 1)]
    [DataRow("events_freshness", null, 1)]
    public async Task ExitCode_FollowsTheWorstStatusAndFailOn(string check, string? failOn, int expected)
    {
        string[] args = failOn is null
            ? ["run", "--config", CliRunner.RootConfig, "--check", check]
            : ["run", "--config", CliRunner.RootConfig, "--check", check, "--fail-on", failOn];

        var outcome = await CliRunner.RunAsync(args);

        Assert.AreEqual(expected, outcome.ExitCode, outcome.Out + outcome.Error);
        StringAssert.Contains(outcome.Out, "1 check: ");
    }

    [TestMethod]
    public async Task TagSelection_RunsOnlyTaggedChecks()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--tag", "domain:crm", "--format", "json");

        var names = outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(o => o.TryGetProperty("check", out _)).Select(o => o.GetProperty("check").GetString()).ToArray();
        CollectionAssert.AreEqual(new[] { "customers_freshness", "customers_email_null_rate_fr", "customers_schema", "customers_email_format" }, names);
        Assert.AreEqual(1, outcome.ExitCode, "customers_schema finds the planted birth_date type");
    }

    [TestMethod]
    public async Task UnknownOnly_ExitsThree()
    {
        var config = CliRunner.WriteConfig("""
            {
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": ["CREATE TABLE t AS SELECT 1 AS a"] } },
              "checks": [
                { "name": "gone", "type": "volume", "source": "mem", "table": "missing_table", "critical": { "min": 1 } },
                { "name": "here", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 1 } }
              ]
            }
            """);

        var outcome = await CliRunner.RunAsync("run", "--config", config);

        Assert.AreEqual(3, outcome.ExitCode);
        StringAssert.Contains(outcome.Out, "UNKNOWN gone: DuckDBException: Catalog Error: Table with name missing_table does not exist!");
    }

    [TestMethod]
    public async Task UnknownCheckName_ExitsTwo()
    {
        var outcome = await CliRunner.RunAsync("run", "--config", CliRunner.RootConfig, "--check", "orders_freshnes");

        Assert.AreEqual(2, outcome.ExitCode);
        Assert.AreEqual("no check named \"orders_freshnes\" in the configuration; did you mean \"orders_freshness\"?\n", outcome.Error.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public async Task InvalidConfiguration_ExitsTwoWithTheErrors()
    {
        var config = CliRunner.WriteConfig("""{ "sources": {}, "checks": [ { "name": "a" } ] }""");

        var outcome = await CliRunner.RunAsync("run", "--config", config);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.Contains(outcome.Error, ":1:30: $.checks[0]: missing required field \"type\"");
        Assert.AreEqual(string.Empty, outcome.Out);
    }
}
