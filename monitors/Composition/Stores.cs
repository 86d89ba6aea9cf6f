using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.State;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;

namespace CustomerData.Monitors.Composition;

/// <summary>The stores one deployment shares: alert state, the outbox and history, in SQLite (default) or PostgreSQL.</summary>
internal sealed class Stores(IAlertStore alerts, IOutbox outbox, IHistoryStore history, string description, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public IAlertStore Alerts => alerts;

    public IOutbox Outbox => outbox;

    public IHistoryStore History => history;

    /// <summary>Where they are, for messages (never a connection string).</summary>
    public string Description => description;

    public static async Task<Stores> OpenAsync(LoadedConfig loaded, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var path = Path.Combine(loaded.DataDirectory, "state.db");
        var alerts = await SqliteAlertStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var history = await SqliteHistoryStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return new Stores(alerts, alerts, history, path);
    }

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
