using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban;
using Scriban.Runtime;

namespace CustomerData.Alerts.Slack;

/// <summary>Renders a template into a Slack message: valid JSON with blocks, cut to Block Kit's limits.</summary>
public static class SlackMessageRenderer
{
    /// <summary>Compact JSON that keeps characters readable (Slack needs no \u escapes; its own escaping is already done).</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The message JSON, or why the template's output is not a Slack message.</summary>
    public static (string? Payload, string? Problem) Render(Template template, ScriptObject model)
    {
        // Templates are configuration, not a sandbox: they get plain data only, and bounded loops and output.
        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = 1_000,
            RecursiveLimit = 20,
            LimitToString = 200_000,
        };
        context.PushGlobal(model);
        var output = template.Render(context);
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException error)
        {
            return (null, $"its output is not JSON ({error.Message.Split(" Path:")[0]})");
        }

        if (message?["blocks"] is not JsonArray)
        {
            return (null, "its output has no \"blocks\" array");
        }

        BlockKitLimits.Enforce(message);
        return (message.ToJsonString(Compact), null);
    }
}
