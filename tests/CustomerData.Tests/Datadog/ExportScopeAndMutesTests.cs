using System.Text.Json.Nodes;
using CustomerData.Tests.Cli;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Datadog;

/// <summary>
/// Issue 11: exported monitors did not notify on UNKNOWN, were not scoped by env (staging could page production),
/// the Terraform file named no provider, and `mute` silenced only the webhook path.
/// </summary>
[TestClass]
public sealed class ExportScopeAndMutesTests
{
    private static JsonObject Monitor(string terraform, string key) => JsonNode.Parse(terraform)!["resource"]!["datadog_monitor"]![key]!.AsObject();

    [TestMethod]
    public async Task Export_EnvFromDdEnvAndRepeatedTags_ScopeEveryQueryAndTagEveryMonitor()
    {
        var outcome = await CliRunner.RunWithAsync(
            new Dictionary<string, string> { ["DD_ENV"] = "Staging" }, DemoFixture.Now,
            "monitors", "export", "--tag", "region:eu", "--tag", "Team:Customer Data", "--config", GoldenFiles.Config);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        var monitor = Monitor(outcome.Out, "orders_freshness");
        Assert.AreEqual(
            "\"customer_data.check\".over(\"check:orders_freshness\",\"env:staging\",\"region:eu\",\"team:customer_data\").by(\"check\").last(4).count_by_status()",
            (string)monitor["query"]!);
        CollectionAssert.IsSubsetOf(new[] { "env:staging", "region:eu", "team:customer_data" }, monitor["tags"]!.AsArray().Select(t => (string)t!).ToArray());
        Assert.AreEqual("\"customer_data.heartbeat\".over(\"env:staging\",\"region:eu\",\"team:customer_data\").by(\"env\").last(2).count_by_status()", (string)Monitor(outcome.Out, "customer_data_heartbeat")["query"]!);
        Assert.AreEqual(string.Empty, outcome.Error);
    }

    [TestMethod]
    public async Task Export_WithoutEnv_SaysEveryEnvironmentIsWatched()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--config", GoldenFiles.Config);

        Assert.AreEqual(0, outcome.ExitCode);
        Assert.AreEqual("No --env and no DD_ENV: the monitors watch the results of every environment.\n", outcome.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.AreEqual("\"customer_data.heartbeat\".over(\"*\").by(\"env\").last(2).count_by_status()", (string)Monitor(outcome.Out, "customer_data_heartbeat")["query"]!);
    }

    [TestMethod]
    public async Task Export_TagWithoutALetter_IsAnArgumentError()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--tag", "42", "--config", GoldenFiles.Config);

        Assert.AreEqual(2, outcome.ExitCode);
        StringAssert.StartsWith(outcome.Error, "--tag \"42\" has no letter: Datadog would drop it");
        Assert.AreEqual(string.Empty, outcome.Out);
    }

    [TestMethod]
    public async Task Export_UnknownPagesLikeCritical_AfterAlertAfterRuns()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", GoldenFiles.Config);

        var thresholds = Monitor(outcome.Out, "orders_freshness")["monitor_thresholds"]!;
        Assert.AreEqual("""{"critical":3,"warning":3,"unknown":3,"ok":1}""", thresholds.ToJsonString());
        StringAssert.Contains((string)Monitor(outcome.Out, "orders_freshness")["message"]!, "{{#is_unknown}}UNKNOWN (the check could not be measured): {{check_message}}\n{{/is_unknown}}");
        Assert.AreEqual("DataDog/datadog", (string)JsonNode.Parse(outcome.Out)!["terraform"]!["required_providers"]!["datadog"]!["source"]!);
    }

    [TestMethod]
    public async Task Export_Heartbeat_PagesWhenNoHeartbeatFor5Minutes()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", GoldenFiles.Config);

        var heartbeat = Monitor(outcome.Out, "customer_data_heartbeat");
        Assert.IsTrue((bool)heartbeat["notify_no_data"]!);
        Assert.AreEqual(5, (int)heartbeat["no_data_timeframe"]!);
        Assert.AreEqual("service check", (string)heartbeat["type"]!);
        Assert.EndsWith("\n\n@slack-acme-customer-data-alerts", (string)heartbeat["message"]!, "a stopped serve cannot post through its own webhook");
    }

    [TestMethod]
    public async Task Export_ActiveMutes_BecomeDowntimesOfTheirMonitors_ExpiredOnesDoNot()
    {
        var state = CliRunner.NewDataDirectory();
        await CliRunner.RunAsync("mute", "orders_freshness", "--until", "2026-12-01T09:00:00Z", "--reason", "backfill ${running}", "--config", GoldenFiles.Config, "--data-dir", state);
        await CliRunner.RunAsync("mute", "orders_daily_volume", "--until", "2026-01-01T00:00:00Z", "--config", GoldenFiles.Config, "--data-dir", state);
        using var output = new TemporaryDirectory();

        var terraform = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", GoldenFiles.Config, "--data-dir", state);
        var api = await CliRunner.RunAsync("monitors", "export", "--format", "api", "--env", "prod", "--out", output.Path, "--config", GoldenFiles.Config, "--data-dir", state);

        Assert.AreEqual(0, terraform.ExitCode, terraform.Error);
        Assert.AreEqual(
            """
            {"orders_freshness":{"scope":"check:orders_freshness","monitor_identifier":{"monitor_id":"${datadog_monitor.orders_freshness.id}"},"one_time_schedule":{"end":"2026-12-01T09:00:00Z"},"message":"CustomerData: orders_freshness is muted with `mute`: backfill $${running}, until 2026-12-01 09:00 UTC."}}
            """,
            JsonNode.Parse(terraform.Out)!["resource"]!["datadog_downtime_schedule"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.AreEqual(0, api.ExitCode, api.Error);
        Assert.AreEqual(
            """
            {
              "data": {
                "type": "downtime",
                "attributes": {
                  "scope": "check:orders_freshness",
                  "monitor_identifier": {
                    "monitor_tags": [
                      "check:orders_freshness",
                      "env:prod"
                    ]
                  },
                  "schedule": {
                    "end": "2026-12-01T09:00:00Z"
                  },
                  "message": "CustomerData: orders_freshness is muted with `mute`: backfill ${running}, until 2026-12-01 09:00 UTC."
                }
              }
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            File.ReadAllText(Path.Combine(output.Path, "orders_freshness.downtime.json")));
        Assert.IsFalse(File.Exists(Path.Combine(output.Path, "orders_daily_volume.downtime.json")), "an expired mute is no downtime");
        StringAssert.Contains(api.Error, "Wrote 5 monitors and 1 downtime in 6 files");
    }

    [TestMethod]
    public async Task Export_MutedUntilInChecksJson_IsADowntimeToo()
    {
        var json = File.ReadAllText(GoldenFiles.Config).Replace(
            "\"schedule\": \"0 0 6 * * ?\"", "\"schedule\": \"0 0 6 * * ?\", \"muted_until\": \"2026-11-27T00:00:00+01:00\"", StringComparison.Ordinal);
        var config = CliRunner.WriteConfig(json);

        var outcome = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", config);

        var downtime = JsonNode.Parse(outcome.Out)!["resource"]!["datadog_downtime_schedule"]!["orders_daily_volume"]!;
        Assert.AreEqual("2026-11-26T23:00:00Z", (string)downtime["one_time_schedule"]!["end"]!);
        Assert.AreEqual("CustomerData: orders_daily_volume is muted by muted_until in checks.json, until 2026-11-26 23:00 UTC.", (string)downtime["message"]!);
    }

    [TestMethod]
    public async Task Export_NoStateYet_CreatesNoStateFile()
    {
        var state = CliRunner.NewDataDirectory();

        var outcome = await CliRunner.RunAsync("monitors", "export", "--env", "prod", "--config", GoldenFiles.Config, "--data-dir", state);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        Assert.IsFalse(Directory.Exists(state));
        Assert.IsNull(JsonNode.Parse(outcome.Out)!["resource"]!["datadog_downtime_schedule"]);
    }
}
