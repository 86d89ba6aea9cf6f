using System.Text.Json.Nodes;
using CustomerData.Alerts.Datadog;

namespace CustomerData.Tests.Datadog;

[TestClass]
public sealed class MonitorWriterTests
{
    private static readonly DatadogMonitor Monitor = new(
        Key: "orders_freshness",
        Name: "[CustomerData] orders_freshness on sales.orders",
        Type: "service check",
        Query: "\"customer_data.check\".over(\"check:orders_freshness\").by(\"check\").last(2).count_by_status()",
        Message: "Costs ${price} and 100%{of} it",
        Thresholds: new MonitorThresholds(1, 1, 1, 1),
        NoDataTimeframeMinutes: null,
        RenotifyIntervalMinutes: null,
        Tags: ["check:orders_freshness"]);

    [TestMethod]
    public void Terraform_TemplateSequences_AreEscapedSoTerraformKeepsThemLiteral()
    {
        var resource = JsonNode.Parse(new TerraformMonitorWriter().Document([Monitor]))!["resource"]!["datadog_monitor"]!["orders_freshness"]!;

        Assert.AreEqual("Costs $${price} and 100%%{of} it", resource["message"]!.GetValue<string>());
    }

    [TestMethod]
    public void Api_TemplateSequences_AreLeftAsWritten()
    {
        var body = JsonNode.Parse(new ApiMonitorWriter().Files([Monitor]).Single().Content)!;

        Assert.AreEqual("Costs ${price} and 100%{of} it", body["message"]!.GetValue<string>());
    }

    [TestMethod]
    public void BothFormats_WithoutNoDataOrRenotify_OmitTheirFieldsAndTurnNoDataOff()
    {
        var resource = JsonNode.Parse(new TerraformMonitorWriter().Document([Monitor]))!["resource"]!["datadog_monitor"]!["orders_freshness"]!.AsObject();
        var options = JsonNode.Parse(new ApiMonitorWriter().Document([Monitor]))![0]!["options"]!.AsObject();

        foreach (var fields in new[] { resource, options })
        {
            Assert.IsFalse(fields["notify_no_data"]!.GetValue<bool>());
            Assert.IsFalse(fields.ContainsKey("no_data_timeframe"));
            Assert.IsFalse(fields.ContainsKey("renotify_interval"));
        }
    }

    [TestMethod]
    public void BothFormats_UseNewlinesOnlyAndEndWithOne()
    {
        foreach (var text in new[] { new TerraformMonitorWriter().Document([Monitor]), new ApiMonitorWriter().Document([Monitor]) })
        {
            Assert.DoesNotContain("\r", text);
            Assert.EndsWith("\n", text);
            Assert.IsFalse(text.EndsWith("\n\n", StringComparison.Ordinal));
        }
    }
}
