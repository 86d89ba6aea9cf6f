namespace CustomerData.Monitors.History;

/// <summary>Every result ever measured, for `history`, for catching up after downtime, and for later baselines.</summary>
public interface IHistoryStore
{
    Task AppendAsync(IReadOnlyList<HistoryRecord> records, CancellationToken cancellationToken);

    /// <summary>A check's results since an instant, oldest first.</summary>
    Task<IReadOnlyList<HistoryRecord>> ReadAsync(string check, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>When any of these checks was last measured, or null if never.</summary>
    Task<DateTimeOffset?> LastMeasuredAsync(IReadOnlyCollection<string> checks, CancellationToken cancellationToken);

    /// <summary>Deletes results older than an instant; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
