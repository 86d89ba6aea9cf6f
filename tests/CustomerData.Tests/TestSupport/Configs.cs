using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;

namespace CustomerData.Tests.TestSupport;

/// <summary>Builds configurations through the real loader, so tests use what users write.</summary>
internal static class Configs
{
    public static ConfigLoadResult Load(string json, IReadOnlyDictionary<string, string>? environment = null) =>
        new ConfigLoader(Catalog.Default, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null)
            .Load(json, "checks.json");

    public static MonitorConfig Valid(string json, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(json, environment);
        Assert.IsTrue(result.IsValid, "expected a valid configuration, got:\n" + string.Join("\n", result.Errors));
        return result.Config!;
    }

    /// <summary>A configuration with one in-memory DuckDB source built by the given statements, and the given checks.</summary>
    public static MonitorConfig InMemory(IEnumerable<string> init, string checksJson, string defaultsJson = "{}")
    {
        var statements = string.Join(",\n", init.Select(s => System.Text.Json.JsonSerializer.Serialize(s)));
        return Valid($$"""
            {
              "defaults": {{defaultsJson}},
              "sources": { "mem": { "type": "duckdb", "path": ":memory:", "init": [ {{statements}} ] } },
              "checks": {{checksJson}}
            }
            """);
    }
}
