using System.Text.Json;
using CustomerData.Monitors.Cli;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Datadog;

/// <summary>monitors export --dashboard against golden files and the shape of Datadog's dashboard API.</summary>
[TestClass]
public sealed class DashboardExportTests
{
    private static readonly HashSet<string> WidgetTypes = ["group", "check_status", "timeseries"];

    [TestMethod]
    public async Task Api_and_terraform_dashboards_match_their_golden_files()
    {
        using var directory = new TemporaryDirectory();
        foreach (var format in new[] { "api", "terraform" })
        {
            var outcome = await CliRunner.RunAsync("monitors", "export", "--dashboard", "--format", format, "--env", "prod", "--config", GoldenFiles.Config, "--out", directory.Path);
            Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        }

        GoldenFiles.AssertDirectoryMatches(directory.Path, "dashboard");
    }

    [TestMethod]
    public async Task The_api_body_has_the_documented_shape_and_every_enabled_check()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--dashboard", "--format", "api", "--env", "prod", "--config", GoldenFiles.Config);
        Assert.AreEqual(ExitCodes.Ok, outcome.ExitCode, outcome.Error);
        using var body = JsonDocument.Parse(outcome.Out);
        var root = body.RootElement;

        // POST /api/v1/dashboard requires title, layout_type (ordered|free) and widgets, each with a definition and type.
        Assert.AreEqual("ordered", root.GetProperty("layout_type").GetString());
        StringAssert.StartsWith(root.GetProperty("title").GetString(), "[CustomerData]");
        var titles = new List<string>();
        var queries = new List<string>();
        Walk(root.GetProperty("widgets"), titles, queries);

        var config = CustomerData.Tests.TestSupport.Configs.Valid(await File.ReadAllTextAsync(GoldenFiles.Config));
        foreach (var check in config.Checks.Where(c => c.Enabled))
        {
            Assert.IsTrue(queries.Any(q => q.Contains($"check:{check.Name},env:prod}}", StringComparison.Ordinal)), check.Name);
        }

        Assert.IsTrue(queries.All(q => q.Contains("env:prod", StringComparison.Ordinal)), string.Join("\n", queries));
        CollectionAssert.Contains(titles, "serve heartbeat");
    }

    [TestMethod]
    public async Task The_terraform_resource_holds_the_api_body_as_a_string()
    {
        var api = await CliRunner.RunAsync("monitors", "export", "--dashboard", "--format", "api", "--env", "prod", "--config", GoldenFiles.Config);
        var terraform = await CliRunner.RunAsync("monitors", "export", "--dashboard", "--env", "prod", "--config", GoldenFiles.Config);
        using var document = JsonDocument.Parse(terraform.Out);
        var resource = document.RootElement.GetProperty("resource").GetProperty("datadog_dashboard_json").GetProperty("customer_data");
        Assert.AreEqual("DataDog/datadog", document.RootElement.GetProperty("terraform").GetProperty("required_providers").GetProperty("datadog").GetProperty("source").GetString());
        Assert.AreEqual(api.Out.Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal), resource.GetProperty("dashboard").GetString());
    }

    private static void Walk(JsonElement widgets, List<string> titles, List<string> queries)
    {
        foreach (var widget in widgets.EnumerateArray())
        {
            var definition = widget.GetProperty("definition");
            var type = definition.GetProperty("type").GetString()!;
            Assert.IsTrue(WidgetTypes.Contains(type), type);
            titles.Add(definition.GetProperty("title").GetString()!);
            switch (type)
            {
                case "group":
                    Assert.AreEqual("ordered", definition.GetProperty("layout_type").GetString());
                    Walk(definition.GetProperty("widgets"), titles, queries);
                    break;
                case "check_status":
                    Assert.IsTrue(definition.GetProperty("grouping").GetString() is "check" or "cluster");
                    Assert.IsFalse(string.IsNullOrEmpty(definition.GetProperty("check").GetString()));
                    queries.Add("{" + string.Join(",", definition.GetProperty("tags").EnumerateArray().Select(t => t.GetString())) + "}");
                    break;
                default:
                    foreach (var request in definition.GetProperty("requests").EnumerateArray())
                    {
                        queries.Add(request.GetProperty("q").GetString()!);
                        Assert.IsTrue(request.GetProperty("display_type").GetString() is "line" or "bars" or "area");
                    }

                    Assert.IsFalse(widget.TryGetProperty("markers", out _), "markers belong inside the definition");
                    if (definition.TryGetProperty("markers", out var markers))
                    {
                        foreach (var marker in markers.EnumerateArray())
                        {
                            StringAssert.StartsWith(marker.GetProperty("value").GetString(), "y = ");
                            Assert.IsTrue(marker.GetProperty("display_type").GetString() is "error dashed" or "warning dashed");
                        }
                    }

                    break;
            }
        }
    }
}
