using CustomerData.Checks.Definitions;

namespace CustomerData.Checks.Engine;

/// <summary>What a check kind needs to know about the moment and place it runs in.</summary>
public sealed record CheckContext(DateTimeOffset Now, TimeZoneInfo TimeZone, DefaultsDefinition Defaults)
{
    /// <summary>The check's earlier results, oldest first, when its kind asked for them (<see cref="ICheckKind.HistoryNeeded"/>);
    /// read once per run before planning. Empty otherwise, and for a check never measured before.</summary>
    public IReadOnlyList<PastResult> History { get; init; } = [];

    /// <summary>The series buckets the check stored in earlier runs (a learned threshold's training), oldest first.</summary>
    public IReadOnlyList<Values.SeriesPoint> Series { get; init; } = [];
}
