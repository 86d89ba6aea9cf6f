namespace CustomerData.Checks.Engine;

/// <summary>
/// The past of checks, for kinds whose plan or verdict depends on it (learned thresholds, schema changes): their
/// results and the series of buckets they learned from. The history store implements it; the engine reads it once
/// per run, before planning, only for the checks whose kind asks (<see cref="ICheckKind.HistoryNeeded"/>).
/// </summary>
public interface IResultHistory
{
    /// <summary>Each requested check's results since its instant, oldest first; a check never measured has none.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>> ReadAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken);

    /// <summary>Each requested check's stored series buckets starting since its instant, oldest first.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<Values.SeriesPoint>>> ReadSeriesAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<Values.SeriesPoint>>>(new Dictionary<string, IReadOnlyList<Values.SeriesPoint>>());

    /// <summary>No history at all (a run without a store, such as `run --no-alerts`).</summary>
    static IResultHistory None { get; } = new NoHistory();

    private sealed class NoHistory : IResultHistory
    {
        public Task<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>> ReadAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>>(new Dictionary<string, IReadOnlyList<PastResult>>());
    }
}

/// <summary>A check's results since an instant.</summary>
public sealed record HistoryRequest(string Check, DateTimeOffset Since);

/// <summary>One earlier result of a check: when, how it ended, its value, and the kind's snapshot (a schema's columns).</summary>
public sealed record PastResult(DateTimeOffset MeasuredAt, CheckStatus Status, double? Value, string? Snapshot = null);
