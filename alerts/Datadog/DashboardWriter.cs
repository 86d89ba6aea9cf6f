using System.Text.Json.Nodes;

namespace CustomerData.Alerts.Datadog;

/// <summary>
/// The dashboard as the API body (dashboard.json, for POST /api/v1/dashboard) or as Terraform: one
/// <c>datadog_dashboard_json</c> resource whose <c>dashboard</c> is that body as a string (dashboard.tf.json).
/// </summary>
internal static class DashboardWriter
{
    public const string ApiFileName = "dashboard.json";
    public const string TerraformFileName = "dashboard.tf.json";

    public static ExportedFile Api(JsonObject dashboard) => new(ApiFileName, DatadogJson.Format(dashboard));

    public static ExportedFile Terraform(JsonObject dashboard)
    {
        var body = TerraformMonitorWriter.Literal(DatadogJson.Format(dashboard.DeepClone()));
        var provider = new JsonObject { ["datadog"] = new JsonObject { ["source"] = "DataDog/datadog" } };
        return new(TerraformFileName, DatadogJson.Format(new JsonObject
        {
            ["terraform"] = new JsonObject { ["required_providers"] = provider },
            ["resource"] = new JsonObject
            {
                ["datadog_dashboard_json"] = new JsonObject { ["customer_data"] = new JsonObject { ["dashboard"] = body } },
            },
        }));
    }
}
