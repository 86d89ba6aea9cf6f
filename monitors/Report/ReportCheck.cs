using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Monitors.History;

namespace CustomerData.Monitors.Report;

/// <summary>A horizontal line on a check's chart: the value past which it warns or is critical.</summary>
internal sealed record ThresholdLine(CheckStatus Level, double Value, string Label);

/// <summary>
/// One check in the report: its definition, its recorded results over the span (as chart points), its newest result
/// in full, and its thresholds.
/// </summary>
internal sealed record ReportCheck(
    CheckDefinition Definition,
    string Type,
    string Owner,
    IReadOnlyList<ResultPoint> History,
    HistoryRecord? Last,
    IReadOnlyList<ThresholdLine> Thresholds)
{
    /// <summary>The learned range of the newest result, when a learned threshold judged it.</summary>
    public (double Low, double High)? LearnedRange => Last is { ExpectedLow: { } low, ExpectedHigh: { } high } ? (low, high) : null;

    /// <summary>"ok", "warning", "critical", "unknown", or "none" for a check without a result in the span.</summary>
    public string StatusKey => Last is { } last ? last.Status.ToString().ToLowerInvariant() : "none";

    /// <summary>Orders failing checks first: critical, unknown, warning, none, ok.</summary>
    public int Severity => Last?.Status switch
    {
        CheckStatus.Critical => 0,
        CheckStatus.Unknown => 1,
        CheckStatus.Warning => 2,
        null => 3,
        _ => 4,
    };

    /// <summary>
    /// The first result of the failure that is still going on (null when the last result is OK or there is none), and
    /// whether that failure started before the span's first result, so the true start is earlier.
    /// </summary>
    public (DateTimeOffset At, bool BeforeSpan)? FailingSince
    {
        get
        {
            if (Last is not { Status: not CheckStatus.Ok } last)
            {
                return null;
            }

            // The points and the newest result are two reads: while serve records, a result can land between them, so
            // the newest may be missing from the points (the first of a new check) or be older than the last point.
            var end = History.Count;
            while (end > 0 && History[end - 1].MeasuredAt > last.MeasuredAt)
            {
                end--;
            }

            if (end == 0 || (History[end - 1].MeasuredAt < last.MeasuredAt && History[end - 1].Status == CheckStatus.Ok))
            {
                return (last.MeasuredAt, end == 0);
            }

            var first = end - 1;
            while (first > 0 && History[first - 1].Status != CheckStatus.Ok)
            {
                first--;
            }

            return (History[first].MeasuredAt, first == 0);
        }
    }
}

/// <summary>What a report shows: every check, over a span ending at <see cref="GeneratedAt"/>, in one time zone.</summary>
internal sealed record ReportModel(
    DateTimeOffset GeneratedAt,
    TimeZoneInfo Zone,
    Duration Span,
    IReadOnlyList<ReportCheck> Checks)
{
    public DateTimeOffset Start => GeneratedAt - Span.Value;
}

/// <summary>An owner's checks in the overview's order (failing first, then table and name).</summary>
internal sealed record OwnerGroup(string Owner, IReadOnlyList<ReportCheck> Checks)
{
    public int Failing => Checks.Count(c => c.Severity < 3);
}
