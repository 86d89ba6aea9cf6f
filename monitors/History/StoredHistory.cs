using CustomerData.Checks.Engine;
using CustomerData.Checks.Values;

namespace CustomerData.Monitors.History;

/// <summary>The history store as the engine reads it before judging: each asked check's results since its instant.</summary>
internal sealed class StoredHistory(IHistoryStore store) : IResultHistory
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<PastResult>>> ReadAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken)
    {
        var past = new Dictionary<string, IReadOnlyList<PastResult>>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var records = await store.ReadAsync(request.Check, request.Since, cancellationToken).ConfigureAwait(false);
            past[request.Check] = [.. records.Select(r => new PastResult(r.MeasuredAt, r.Status, r.Value, r.Snapshot))];
        }

        return past;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> ReadSeriesAsync(IReadOnlyList<HistoryRequest> requests, CancellationToken cancellationToken)
    {
        var series = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            series[request.Check] = await store.ReadSeriesAsync(request.Check, request.Since, cancellationToken).ConfigureAwait(false);
        }

        return series;
    }
}
