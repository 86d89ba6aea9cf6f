using CustomerData.Checks.Values;

namespace CustomerData.Monitors.History;

/// <summary>Every result ever measured, for `history`, for catching up after downtime, and for later baselines.</summary>
public interface IHistoryStore
{
    Task AppendAsync(IReadOnlyList<HistoryRecord> records, CancellationToken cancellationToken);

    /// <summary>A check's results since an instant, oldest first.</summary>
    Task<IReadOnlyList<HistoryRecord>> ReadAsync(string check, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// A page of many checks in two statements, whatever their number: every result of these checks since an instant
    /// as chart points (oldest first), and each one's newest result since then in full.
    /// </summary>
    Task<HistorySpan> ReadSpanAsync(IReadOnlyCollection<string> checks, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>When any of these checks was last measured, or null if never.</summary>
    Task<DateTimeOffset?> LastMeasuredAsync(IReadOnlyCollection<string> checks, CancellationToken cancellationToken);

    /// <summary>Keeps series buckets of checks (a learned threshold's training), replacing a bucket stored before.</summary>
    Task AppendSeriesAsync(IReadOnlyList<(string Check, SeriesPoint Point)> points, CancellationToken cancellationToken);

    /// <summary>A check's stored series buckets starting since an instant, oldest first.</summary>
    Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(string check, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Deletes results older than an instant, and series buckets a year older than that; returns how many results.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
