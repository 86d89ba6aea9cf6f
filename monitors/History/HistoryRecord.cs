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
    DateTimeOffset MeasuredAt,
    string? Snapshot = null,
    string? Sample = null,
    double? ExpectedLow = null,
    double? ExpectedHigh = null)
{
    /// <summary>Reads a row selected in the stores' column order (the learned range last); the store says how it keeps instants.</summary>
    public static HistoryRecord FromRow(System.Data.Common.DbDataReader reader, Func<System.Data.Common.DbDataReader, int, DateTimeOffset> instant) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (CheckStatus)reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetDouble(9),
        reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetInt64(11),
        reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetDouble(13), instant(reader, 14),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.FieldCount > 16 && !reader.IsDBNull(16) ? reader.GetString(16) : null,
        reader.FieldCount > 17 && !reader.IsDBNull(17) ? reader.GetDouble(17) : null,
        reader.FieldCount > 18 && !reader.IsDBNull(18) ? reader.GetDouble(18) : null);

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
        result.MeasuredAt,
        result.Snapshot,
        Output.SampleJson.Serialize(result.Sample),
        result.ExpectedLow,
        result.ExpectedHigh);
}
