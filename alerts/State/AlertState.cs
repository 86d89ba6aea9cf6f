using CustomerData.Checks.Engine;

namespace CustomerData.Alerts.State;

/// <summary>What the monitor remembers about one check between runs.</summary>
/// <param name="Check">The check's name.</param>
/// <param name="Status">The last status seen.</param>
/// <param name="ConsecutiveFailures">Non-OK results in a row, the last one included.</param>
/// <param name="FailingSince">When the current run of failures began; null while OK.</param>
/// <param name="NotifiedStatus">The status on-call was last told about in this incident; null when no incident is open.</param>
/// <param name="LastNotifiedAt">When on-call was last told, for reminders.</param>
public sealed record AlertState(
    string Check,
    CheckStatus Status,
    int ConsecutiveFailures,
    DateTimeOffset? FailingSince,
    CheckStatus? NotifiedStatus,
    DateTimeOffset? LastNotifiedAt)
{
    /// <summary>Reads a row of check_name, status, consecutive_failures, failing_since, notified_status, last_notified_at; the store says how it keeps instants.</summary>
    public static AlertState FromRow(System.Data.Common.DbDataReader reader, Func<System.Data.Common.DbDataReader, int, DateTimeOffset?> instant) => new(
        reader.GetString(0),
        (CheckStatus)reader.GetInt32(1),
        reader.GetInt32(2),
        instant(reader, 3),
        reader.IsDBNull(4) ? null : (CheckStatus)reader.GetInt32(4),
        instant(reader, 5));

    /// <summary>A check never seen before counts as OK, so its first failure is news.</summary>
    public static AlertState Initial(string check) => new(check, CheckStatus.Ok, 0, null, null, null);
}
