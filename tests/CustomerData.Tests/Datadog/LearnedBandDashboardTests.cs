using System.Text.Json;
using CustomerData.Tests.Cli;

namespace CustomerData.Tests.Datadog;

/// <summary>The dashboard graphs a learned check's band (expected_low / expected_high, same tags) beside its value.</summary>
[TestClass]
public sealed class LearnedBandDashboardTests
{
    [TestMethod]
    public async Task A_check_with_anomaly_graphs_its_expected_low_and_high_and_a_static_check_only_its_value()
    {
        var outcome = await CliRunner.RunAsync("monitors", "export", "--dashboard", "--format", "api", "--env", "prod", "--config", GoldenFiles.Config);
        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        using var body = JsonDocument.Parse(outcome.Out);
        var widgets = Timeseries(body.RootElement.GetProperty("widgets")).ToDictionary(w => w.GetProperty("title").GetString()!);

        var learned = widgets["orders_daily_volume (volume on sales.orders)"].GetProperty("requests").EnumerateArray().ToList();
        CollectionAssert.AreEqual(
            new[]
            {
                "avg:customer_data.volume.row_count{check:orders_daily_volume,env:prod}",
                "avg:customer_data.volume.expected_low{check:orders_daily_volume,env:prod}",
                "avg:customer_data.volume.expected_high{check:orders_daily_volume,env:prod}",
            },
            learned.Select(r => r.GetProperty("q").GetString()).ToArray());
        foreach (var edge in learned.Skip(1))
        {
            Assert.AreEqual("line", edge.GetProperty("display_type").GetString());
            Assert.AreEqual("dashed", edge.GetProperty("style").GetProperty("line_type").GetString());
            Assert.AreEqual(edge.GetProperty("q").GetString(), edge.GetProperty("metadata")[0].GetProperty("expression").GetString());
        }

        // The static thresholds stay markers; a check without anomaly graphs its value alone.
        Assert.AreEqual(2, widgets["orders_daily_volume (volume on sales.orders)"].GetProperty("markers").GetArrayLength());
        var fresh = widgets["orders_freshness (freshness on sales.orders)"].GetProperty("requests");
        Assert.AreEqual(1, fresh.GetArrayLength());
        Assert.IsFalse(outcome.Out.Contains("freshness.expected_", StringComparison.Ordinal));
    }

    private static IEnumerable<JsonElement> Timeseries(JsonElement widgets)
    {
        foreach (var widget in widgets.EnumerateArray())
        {
            var definition = widget.GetProperty("definition");
            switch (definition.GetProperty("type").GetString())
            {
                case "group":
                    foreach (var inner in Timeseries(definition.GetProperty("widgets")))
                    {
                        yield return inner;
                    }

                    break;
                case "timeseries":
                    yield return definition;
                    break;
                default:
                    break;
            }
        }
    }
}
