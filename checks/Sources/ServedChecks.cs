using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>The checks a read serves: those with a measure among the ones it answers (a job's labels and byte cap,
/// and who shares its cost in plan --monthly).</summary>
internal static class ServedChecks
{
    public static IReadOnlyList<CheckDefinition> Definitions(TableMeasurement measurement, IReadOnlyList<int> measures) =>
        [.. measurement.Checks.Where(c => c.Measures.Any(measures.Contains)).Select(c => c.Check)];

    public static IReadOnlyList<string> Of(TableMeasurement measurement, IReadOnlyList<int> measures) =>
        [.. Definitions(measurement, measures).Select(c => c.Name)];
}
