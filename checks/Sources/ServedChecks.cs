using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources;

/// <summary>Who shares a read's cost in plan --monthly: the checks with a measure among those it answers.</summary>
internal static class ServedChecks
{
    public static IReadOnlyList<string> Of(TableMeasurement measurement, IReadOnlyList<int> measures) =>
        [.. measurement.Checks.Where(c => c.Measures.Any(measures.Contains)).Select(c => c.Check.Name)];
}
