using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;

namespace CustomerData.Monitors.Cost;

/// <summary>plan's lines on what a DynamoDB read would consume, and a warning when it cannot finish within a check's timeout.</summary>
internal static class ReadEstimateReport
{
    public static void Write(TextWriter output, PlannedMeasurement slice, ReadEstimate estimate, MonitorConfig config)
    {
        if (estimate.Error is { } error)
        {
            output.WriteLine($"-- estimate unavailable: {error}");
            return;
        }

        foreach (var line in estimate.Lines)
        {
            output.WriteLine("-- estimate: " + line);
        }

        foreach (var warning in estimate.Warnings)
        {
            output.WriteLine("-- warning: " + warning);
        }

        // Each slice's clock starts when its read does (slices on one source are read one after another).
        var late = slice.Checks.Select(c => (c.Check.Name, Timeout: (c.Check.Timeout ?? config.Defaults.Timeout).Value))
            .Where(c => c.Timeout < estimate.Duration).ToList();
        if (late.Count == 0)
        {
            return;
        }

        var shortest = late.Min(c => c.Timeout);
        var needed = Math.Ceiling(estimate.ReadUnits / shortest.TotalSeconds);
        var names = string.Join(", ", late.Select(c => $"{c.Name} ({Duration.Format(c.Timeout)})"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"-- warning: the reads need ~{Duration.Format(estimate.Duration)} at {estimate.UnitsPerSecond:#,0.##} RU/s, longer than the timeout of {names}: "
            + $"{(late.Count == 1 ? "it" : "they")} would end UNKNOWN (timed out); raise max_read_units_per_second to {needed:#,0} or the timeout "
            + $"to {Duration.Format(TimeSpan.FromSeconds(Math.Ceiling(estimate.Duration.TotalSeconds)))}, or read less (an index, mode metadata, a sample)"));
    }
}
