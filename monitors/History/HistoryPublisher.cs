using CustomerData.Alerts.Publishing;

namespace CustomerData.Monitors.History;

/// <summary>Stores every result of a run, before alerting, so a crash after measuring still keeps what was measured.</summary>
public sealed class HistoryPublisher(IHistoryStore store) : IResultPublisher
{
    public string Name => "history";

    public async Task PublishAsync(RunOutcome run, CancellationToken cancellationToken)
    {
        await store.AppendAsync([.. run.Results.Select(r => HistoryRecord.From(r, r.Type))], cancellationToken).ConfigureAwait(false);
        await store.AppendSeriesAsync([.. run.Results.SelectMany(r => r.Series.Select(p => (r.Check.Name, p)))], cancellationToken).ConfigureAwait(false);
    }
}
