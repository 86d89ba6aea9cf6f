using CustomerData.Alerts.Outbox;
using CustomerData.Checks.Definitions;
using CustomerData.Alerts.State;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;
using Npgsql;

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
        if (loaded.Config.Store.Type == StoreType.Postgres)
        {
            var dataSource = NpgsqlDataSource.Create(ConnectionString(loaded.Config.Scheduler, environment));
            try
            {
                var alertStore = await PostgresAlertStore.OpenAsync(dataSource, PostgresOutboxOptions.ForThisProcess(), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                var historyStore = await PostgresHistoryStore.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
                return new Stores(alertStore, alertStore, historyStore, $"PostgreSQL ({loaded.Config.Scheduler.ConnectionStringEnv})", dataSource);
            }
            catch
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var path = Path.Combine(loaded.DataDirectory, "state.db");
        var alerts = await SqliteAlertStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var history = await SqliteHistoryStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return new Stores(alerts, alerts, history, path);
    }

    /// <summary>The PostgreSQL connection string from the environment variable checks.json names; never printed.</summary>
    public static string ConnectionString(SchedulerDefinition scheduler, Func<string, string?> environment) =>
        environment(scheduler.ConnectionStringEnv!) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{scheduler.ConnectionStringEnv} is not set: it must hold the PostgreSQL connection string");

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
