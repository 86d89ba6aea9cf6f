using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Benchmarks.Support;

/// <summary>Builds checks.json documents and loads them through the real loader, so benchmarks run what users write.</summary>
internal static class CheckJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Freshness(string name, string source, string table, string column, string? warnAfter, string criticalAfter, string? filter = null) =>
        With(new JsonObject { ["name"] = name, ["type"] = "freshness", ["source"] = source, ["table"] = table, ["column"] = column, ["warn_after"] = warnAfter, ["critical_after"] = criticalAfter }, filter);

    public static JsonObject Volume(string name, string source, string table, long warnMin, long criticalMin, string? timeColumn = null, string? window = null, string? alignment = null, string? filter = null)
    {
        var check = new JsonObject
        {
            ["name"] = name, ["type"] = "volume", ["source"] = source, ["table"] = table,
            ["warn"] = new JsonObject { ["min"] = warnMin }, ["critical"] = new JsonObject { ["min"] = criticalMin },
        };
        return With(Windowed(check, timeColumn, window, alignment), filter);
    }

    public static JsonObject NullRate(string name, string source, string table, string column, double warnMax, double criticalMax, long minRows = 1, string? timeColumn = null, string? window = null, string? alignment = null, string? filter = null)
    {
        var check = new JsonObject
        {
            ["name"] = name, ["type"] = "null_rate", ["source"] = source, ["table"] = table, ["column"] = column, ["min_rows"] = minRows,
            ["warn"] = new JsonObject { ["max"] = warnMax }, ["critical"] = new JsonObject { ["max"] = criticalMax },
        };
        return With(Windowed(check, timeColumn, window, alignment), filter);
    }

    /// <summary>A whole checks.json with the given defaults, sources and checks; null values are left out.</summary>
    public static string Document(JsonObject defaults, JsonObject sources, IEnumerable<JsonObject> checks, JsonObject? notifications = null)
    {
        var root = new JsonObject { ["defaults"] = defaults };
        if (notifications is not null)
        {
            root["notifications"] = notifications;
        }

        root["sources"] = sources;
        root["checks"] = new JsonArray([.. checks.Select(c => (JsonNode)WithoutNulls(c))]);
        return root.ToJsonString(Indented);
    }

    public static MonitorConfig Load(string json, string file = "checks.json")
    {
        var result = new ConfigLoader(Catalog.Default, _ => null).Load(json, file);
        return result.IsValid
            ? result.Config!
            : throw new InvalidOperationException("generated configuration is invalid:\n" + string.Join("\n", result.Errors.Take(10)));
    }

    private static JsonObject Windowed(JsonObject check, string? timeColumn, string? window, string? alignment)
    {
        if (window is not null)
        {
            check["time_column"] = timeColumn;
            check["window"] = window;
            check["window_alignment"] = alignment;
        }

        return check;
    }

    private static JsonObject With(JsonObject check, string? filter)
    {
        check["filter"] = filter;
        return check;
    }

    private static JsonObject WithoutNulls(JsonObject check)
    {
        foreach (var key in check.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            check.Remove(key);
        }

        return check;
    }
}
