using CustomerData.Checks.Engine;

namespace CustomerData.Monitors.History;

/// <summary>One stored result: what was measured, against what, what it cost, and how it ended.</summary>
public sealed record HistoryRecord(
    string Check,
    string Type,
    string Source,
    string Table,
    CheckStatus Status,
    double? Value,
    string Observed,
    string Expected,
    string Message,
    double DurationMs,
    long? BytesProcessed,
    long? BytesBilled,
    string? JobIds,
    double? ReadUnits,
    DateTimeOffset MeasuredAt)
{
    public static HistoryRecord From(CheckResult result, string type) => new(
        result.Check.Name,
        type,
        result.Check.Source,
        result.Check.Table,
        result.Status,
        result.Value,
        result.Observed,
        result.Expected,
        result.Message,
        Math.Round(result.Duration.TotalMilliseconds, 3),
        result.BytesProcessed,
        result.Cost?.BytesBilled,
        result.Cost is { JobIds.Count: > 0 } cost ? string.Join(",", cost.JobIds) : null,
        result.Cost?.ReadUnits,
        result.MeasuredAt);
}
