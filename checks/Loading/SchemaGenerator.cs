using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Loading;

/// <summary>Writes checks.schema.json from the model, so the schema editors use can never drift from what the loader accepts.</summary>
public static class SchemaGenerator
{
    public static string Generate(Catalog catalog)
    {
        var options = ConfigJson.CreateOptions(catalog);
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Describe,
        };
        var schema = options.GetJsonSchemaAsNode(typeof(MonitorConfig), exporter).AsObject();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "CustomerData Monitor checks",
            ["description"] = "Checks of freshness, volume and null rates, run by CustomerData Monitor. Plain JSON (RFC 8259, UTF-8): comments and trailing commas are refused. Durations are at most 3650d, timeouts at most 24h. Generated from the model: do not edit by hand.",
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            root[key] = value;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.TypeInfo.Type == typeof(Duration) || Nullable.GetUnderlyingType(context.TypeInfo.Type) == typeof(Duration))
        {
            // A custom converter exports as "any value"; say what the converter actually reads.
            schema = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = Duration.Pattern,
                ["examples"] = new JsonArray("90m", "6h", "2d"),
            };
        }

        if (context.TypeInfo.Type == typeof(JsonElement))
        {
            // Only a validity rule's accepted values are free JSON: strings or numbers.
            schema = new JsonObject { ["type"] = new JsonArray("string", "number") };
        }

        if (schema is not JsonObject node)
        {
            return schema;
        }

        var description = (context.PropertyInfo?.AttributeProvider as MemberInfo)?.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? context.TypeInfo.Type.GetCustomAttribute<DescriptionAttribute>()?.Description;
        if (description is not null)
        {
            node.Insert(0, "description", description);
        }

        return node;
    }
}
