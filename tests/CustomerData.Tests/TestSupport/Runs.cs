using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;

namespace CustomerData.Tests.TestSupport;

/// <summary>Runs every check of a configuration once, at a chosen instant.</summary>
internal static class Runs
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(MonitorConfig config, TimeProvider time, string baseDirectory = ".")
    {
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(baseDirectory, time));
        return await new CheckEngine(Catalog.Default, sources, time).RunAsync(config, config.Checks, CancellationToken.None);
    }

    public static CheckResult Single(this IReadOnlyList<CheckResult> results, string name) => results.Single(r => r.Check.Name == name);
}
