using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Sources;

/// <summary>The checks of one source as validate --remote hands them over: each at its JSON path, planned on its own.</summary>
public static class RemoteChecks
{
    public static IReadOnlyList<RemoteCheck> Of(Catalog catalog, MonitorConfig config, string source, DateTimeOffset now)
    {
        var planner = new Planner(catalog);
        var checks = JsonPath.Property(JsonPath.Root, "checks");
        return [.. config.Checks
            .Select((check, index) => (Check: check, Path: JsonPath.Index(checks, index)))
            .Where(c => c.Check.Source == source)
            .Select(c => new RemoteCheck(
                c.Check, c.Path, planner.PlanEach(config, [c.Check], now).Measurements.FirstOrDefault(m => m.Measurement.Source == source)?.Measurement))];
    }
}
