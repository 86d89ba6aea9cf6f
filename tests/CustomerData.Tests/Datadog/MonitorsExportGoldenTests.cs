using System.Text.Json.Nodes;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Datadog;

/// <summary>
/// monitors export on the fixed Golden/checks.json (owners, runbooks, renotify, Slack and alert_after present and
/// absent, daily, weekday and hourly crons, a "%{" Terraform must not interpolate, a disabled check, Slack delivery
/// "datadog", "both" and the default "webhook", an owner and tags Datadog's rules rewrite), exported for env prod,
/// against the committed exports.
/// </summary>
[TestClass]
public sealed class MonitorsExportGoldenTests
{
    [TestMethod]
    [DataRow("terraform")]
    [DataRow("api")]
    public async Task Export_ToADirectory_WritesTheGoldenFiles(string format)
    {
        using var output = new TemporaryDirectory();

        var outcome = await CliRunner.RunAsync("monitors", "export", "--format", format, "--out", output.Path, "--env", "prod", "--config", GoldenFiles.Config);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        GoldenFiles.AssertDirectoryMatches(output.Path, format);
    }

    [TestMethod]
    public async Task Export_TerraformToStandardOutput_IsTheGoldenDocument()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--format", "terraform", "--env", "prod", "--config", GoldenFiles.Config);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        GoldenFiles.AssertFileMatches(Path.Combine("terraform", "monitors.tf.json"), outcome.Out);
    }

    [TestMethod]
    public async Task Export_ApiToStandardOutput_IsTheArrayOfTheGoldenBodies()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--format", "api", "--env", "prod", "--config", GoldenFiles.Config);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        var bodies = JsonNode.Parse(GoldenFiles.Portable(outcome.Out))!.AsArray();
        var golden = Directory.GetFiles(Path.Combine(GoldenFiles.Root, "api")).Order(StringComparer.Ordinal).ToList();
        Assert.HasCount(golden.Count, bodies);
        foreach (var file in golden)
        {
            Assert.ContainsSingle(bodies.Where(body => JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(file)), body)), $"no body on standard output is {file}");
        }
    }

    [TestMethod]
    public async Task Export_DisabledCheck_IsNotExported()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--config", GoldenFiles.Config);

        var resources = JsonNode.Parse(outcome.Out)!["resource"]!["datadog_monitor"]!.AsObject();
        CollectionAssert.AreEqual(
            new[] { "customers_email_null_rate_fr", "events_campaign_null_rate_1d", "orders_daily_volume", "orders_freshness", "customer_data_heartbeat" },
            resources.Select(r => r.Key).ToArray());
    }
}
