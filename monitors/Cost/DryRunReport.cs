using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.BigQuery;

namespace CustomerData.Monitors.Cost;

/// <summary>plan --dry-run: each query's estimate, then the bytes per run and per day at the schedules' frequency.</summary>
internal sealed class DryRunReport(TextWriter output)
{
    public long Processed { get; private set; }

    public long Billed { get; private set; }

    public int Queries { get; private set; }

    public int Refused { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Dry-runs one planned measurement and prints each statement with its estimate.</summary>
    public async Task WriteAsync(IDryRunSource source, PlannedMeasurement plan, CancellationToken cancellationToken)
    {
        foreach (var estimate in await source.DryRunAsync(plan.Measurement, cancellationToken).ConfigureAwait(false))
        {
            output.WriteLine(estimate.Statement);
            output.WriteLine(Line(estimate));
            Add(estimate);
        }
    }

    public static async Task<(long Processed, long Billed)> TotalAsync(IDryRunSource source, PlannedMeasurement plan, CancellationToken cancellationToken)
    {
        var estimates = await source.DryRunAsync(plan.Measurement, cancellationToken).ConfigureAwait(false);
        return (estimates.Sum(e => e.BytesProcessed ?? 0), estimates.Sum(e => e.BytesBilled ?? 0));
    }

    public void WriteTotals(MonitorConfig config, IReadOnlyList<(string Schedule, double RunsPerDay, int Checks, long Processed, long Billed)> schedules)
    {
        output.WriteLine($"-- estimated per run: {Bytes(Processed, Billed)} ({Queries} quer{(Queries == 1 ? "y" : "ies")} dry-run)");
        var processed = schedules.Sum(s => s.Processed * s.RunsPerDay);
        var billed = schedules.Sum(s => s.Billed * s.RunsPerDay);
        var how = string.Join("; ", schedules.Select(s => $"{Runs(s.RunsPerDay)} a day of \"{s.Schedule}\" for {s.Checks} check{(s.Checks == 1 ? string.Empty : "s")}"));
        output.WriteLine($"-- estimated per day: {Bytes((long)processed, (long)billed)} ({how}, in {config.Defaults.Timezone})");
    }

    private void Add(QueryEstimate estimate)
    {
        Queries++;
        Processed += estimate.BytesProcessed ?? 0;
        Billed += estimate.BytesBilled ?? 0;
        Refused += estimate.Error is not null && estimate.Refused ? 1 : 0;
        Failed += estimate.Error is not null && !estimate.Refused ? 1 : 0;
    }

    private static string Line(QueryEstimate estimate) =>
        estimate.Error is { } error
            ? $"-- dry run {(estimate.Refused ? "refused" : "failed")}: {error}"
            : $"-- dry run: {Bytes(estimate.BytesProcessed ?? 0, estimate.BytesBilled ?? 0)}";

    private static string Bytes(long processed, long billed) =>
        $"{ByteSize.Describe(processed)} processed, {ByteSize.Describe(billed)} billed";

    private static string Runs(double perDay) =>
        perDay.ToString(perDay == Math.Floor(perDay) ? "0" : "0.##", CultureInfo.InvariantCulture) + (perDay == 1 ? " run" : " runs");
}
