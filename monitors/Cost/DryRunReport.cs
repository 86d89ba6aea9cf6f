using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.BigQuery;

namespace CustomerData.Monitors.Cost;

/// <summary>plan --dry-run: each query's estimate, then the bytes per run and per day at the schedules' frequency.</summary>
/// <remarks>A query whose dry run failed or was refused has no bytes: totals then say how many are missing, never a bare 0.</remarks>
internal sealed class DryRunReport(TextWriter output)
{
    private Total _run;

    /// <summary>What the dry runs of one schedule's reads add up to.</summary>
    public readonly record struct Total(long Processed, long Billed, int Queries, int Unknown)
    {
        public static Total Of(IEnumerable<QueryEstimate> estimates) => estimates.Aggregate(default(Total), (total, e) => total.Add(e));

        public Total Add(QueryEstimate estimate) => estimate.Error is null
            ? new(Processed + (estimate.BytesProcessed ?? 0), Billed + (estimate.BytesBilled ?? 0), Queries + 1, Unknown)
            : this with { Queries = Queries + 1, Unknown = Unknown + 1 };
    }

    /// <summary>The estimates of this run's queries (every selected check, planned together).</summary>
    public Total Run => _run;

    /// <summary>Prints each statement with its estimate.</summary>
    public void Write(IReadOnlyList<QueryEstimate> estimates)
    {
        foreach (var estimate in estimates)
        {
            output.WriteLine(estimate.Statement);
            output.WriteLine(Line(estimate));
            _run = _run.Add(estimate);
        }
    }

    public void WriteTotals(MonitorConfig config, IReadOnlyList<(string Schedule, double RunsPerDay, int Checks, Total Total)> schedules)
    {
        output.WriteLine($"-- estimated per run: {Amount(_run)} ({Counted(_run)})");
        var day = new Total(
            (long)schedules.Sum(s => s.Total.Processed * s.RunsPerDay),
            (long)schedules.Sum(s => s.Total.Billed * s.RunsPerDay),
            schedules.Sum(s => s.Total.Queries),
            schedules.Sum(s => s.Total.Unknown));
        var how = string.Join("; ", schedules.Select(s => $"{Runs(s.RunsPerDay)} a day of \"{s.Schedule}\" for {s.Checks} check{(s.Checks == 1 ? string.Empty : "s")}"));
        output.WriteLine($"-- estimated per day: {Amount(day)} ({how}, in {config.Defaults.Timezone})");
    }

    private static string Amount(Total total) =>
        total.Unknown == 0 ? Bytes(total.Processed, total.Billed)
            : total.Unknown == total.Queries ? "unknown"
            : "at least " + Bytes(total.Processed, total.Billed);

    private static string Counted(Total total) =>
        total.Unknown == 0 ? $"{Queries(total.Queries)} dry-run"
            : total.Unknown == total.Queries ? $"none of the {Queries(total.Queries)} could be dry-run"
            : $"{total.Queries - total.Unknown} of {Queries(total.Queries)} dry-run; {total.Unknown} could not be";

    private static string Queries(int count) => $"{count} quer{(count == 1 ? "y" : "ies")}";

    private static string Line(QueryEstimate estimate) =>
        estimate.Error is { } error
            ? $"-- dry run {(estimate.Refused ? "refused" : "failed")}: {error}"
            : $"-- dry run: {Bytes(estimate.BytesProcessed ?? 0, estimate.BytesBilled ?? 0)}";

    private static string Bytes(long processed, long billed) =>
        $"{ByteSize.Describe(processed)} processed, {ByteSize.Describe(billed)} billed";

    private static string Runs(double perDay) =>
        perDay.ToString(perDay == Math.Floor(perDay) ? "0" : "0.##", CultureInfo.InvariantCulture) + (perDay == 1 ? " run" : " runs");
}
