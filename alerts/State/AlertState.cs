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
    /// <summary>A check never seen before counts as OK, so its first failure is news.</summary>
    public static AlertState Initial(string check) => new(check, CheckStatus.Ok, 0, null, null, null);
}
