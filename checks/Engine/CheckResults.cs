using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources;

namespace CustomerData.Checks.Engine;

/// <summary>Where results are made: a kind's verdict, or UNKNOWN with the reason; either way with capped text.</summary>
internal static class CheckResults
{
    /// <summary>The exact message of a check that a cancelled run never measured (serve's shutdown relies on it).</summary>
    public const string Cancelled = "cancelled at shutdown before it was measured";

    /// <summary>The kind's verdict on its values; a kind that throws makes the check UNKNOWN instead.</summary>
    public static CheckResult Judge(PlannedCheck planned, MeasurementResult measured, TimeSpan elapsed, string? query, string? statement, DateTimeOffset now)
    {
        Evaluation evaluation;
        try
        {
            evaluation = planned.Kind.Evaluate(planned.Check, [.. planned.Slots.Select(slot => measured.Values[slot])], planned.Context);
        }
        catch (Exception error)
        {
            return Unknown(planned, "cannot be judged: " + Describe(error), elapsed, query, statement, now);
        }

        using (var span = Telemetry.Source.StartActivity("customer_data.check"))
        {
            span?.SetTag("check", planned.Check.Name);
            span?.SetTag("source", planned.Check.Source);
            span?.SetTag("table", planned.Check.Table);
            span?.SetTag("status", evaluation.Status.ToString().ToLowerInvariant());
            span?.SetTag("value", evaluation.Value);
            span?.SetTag("bytes", measured.BytesProcessed);
        }

        var notes = string.Join("; ", planned.Slots.Distinct().Where(measured.Notes.ContainsKey).Select(slot => measured.Notes[slot]));
        var cost = measured.BytesBilled is null && measured.JobIds.Count == 0 && measured.ReadUnits is null && notes.Length == 0
            ? null
            : new MeasurementCost(measured.BytesBilled, measured.JobIds, measured.ReadUnits, notes.Length == 0 ? null : notes);
        return new CheckResult(
            planned.Check, evaluation.Status, evaluation.Value, evaluation.Observed, TextCap.Message(evaluation.Message), evaluation.Expected,
            elapsed, query, now, measured.BytesProcessed, cost, statement, evaluation.Snapshot)
        {
            Type = planned.Kind.TypeName,
            ValueMetric = planned.Kind.ValueMetric,
            ExpectedLow = evaluation.ExpectedRange?.Low,
            ExpectedHigh = evaluation.ExpectedRange?.High,
            Series = evaluation.Series,
        };
    }

    public static CheckResult Unknown(PlannedCheck planned, string reason, TimeSpan elapsed, string? query, string? statement, DateTimeOffset now) =>
        Unknown(planned.Check, planned.Kind, ExpectedOf(planned.Kind, planned.Check), reason, elapsed, query, statement, now);

    /// <summary>A check that could not be planned: no query ran for it.</summary>
    public static CheckResult Unplanned(UnplannedCheck unplanned, DateTimeOffset now)
    {
        var expected = unplanned.Kind is { } kind ? ExpectedOf(kind, unplanned.Check) : "unknown";
        var reason = unplanned.Error is HistoryUnreadableException ? unplanned.Error.Message : "cannot be planned: " + Describe(unplanned.Error);
        return Unknown(unplanned.Check, unplanned.Kind, expected, reason, TimeSpan.Zero, null, null, now);
    }

    /// <summary>What an exception says, in one line: DuckDB appends candidate lists and hints below the first.</summary>
    public static string Describe(Exception error) =>
        (error is FileNotFoundException ? error.Message : $"{error.GetType().Name}: {error.Message}").Split('\n')[0].TrimEnd();

    private static CheckResult Unknown(CheckDefinition check, ICheckKind? kind, string expected, string reason, TimeSpan elapsed, string? query, string? statement, DateTimeOffset now) =>
        new(check, CheckStatus.Unknown, null, "unknown", TextCap.Message(reason), expected, elapsed, query, now, Statement: statement)
        { Type = kind?.TypeName ?? "unknown", ValueMetric = kind?.ValueMetric };

    // The thresholds as text come from the check's threshold strategy; a kind that cannot say them still leaves a result.
    private static string ExpectedOf(ICheckKind kind, CheckDefinition check)
    {
        try
        {
            return kind.Expected(check);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return "unknown";
        }
    }
}
