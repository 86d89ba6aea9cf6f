using CustomerData.Alerts.Outbox;
using CustomerData.Alerts.State;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.History;
using Npgsql;

namespace CustomerData.Monitors.Composition;

/// <summary>
/// The stores one deployment shares: alert state, mutes, the outbox and history, in SQLite (default) or PostgreSQL,
/// as store.type says. Every command that keeps or reads state opens them here, so `mute` writes where `run` reads.
/// </summary>
internal sealed class Stores(IAlertStore alerts, IOutbox outbox, IHistoryStore history, string description, Func<Exception, InfrastructureException?> explain, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public IAlertStore Alerts => alerts;

    public IOutbox Outbox => outbox;

    public IHistoryStore History => history;

    /// <summary>Where they are, for messages (a file, or PostgreSQL's host:port/database; never a connection string).</summary>
    public string Description => description;

    /// <summary>Opens the configured stores, creating or migrating their tables; a failure is one <see cref="InfrastructureException"/>.</summary>
    public static async Task<Stores> OpenAsync(LoadedConfig loaded, Func<string, string?> environment, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (loaded.Config.Store.Type == StoreType.Postgres)
        {
            var variable = loaded.Config.Scheduler.ConnectionStringEnv ?? "scheduler.connection_string_env";
            var (connectionString, where) = Locate(loaded.Config.Scheduler, environment);
            var dataSource = NpgsqlDataSource.Create(connectionString);
            try
            {
                var alertStore = await PostgresAlertStore.OpenAsync(dataSource, OutboxClaimOptions.ForThisProcess(), time, cancellationToken).ConfigureAwait(false);
                var historyStore = await PostgresHistoryStore.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
                return new Stores(alertStore, alertStore, historyStore, $"PostgreSQL {where}", e => StoreFailures.Postgres(e, where, variable), dataSource);
            }
            catch (Exception error) when (StoreFailures.Postgres(error, where, variable) is { } failure)
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
                throw failure;
            }
            catch
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var path = Path.Combine(loaded.DataDirectory, "state.db");
        try
        {
            var alerts = await SqliteAlertStore.OpenAsync(path, OutboxClaimOptions.ForThisProcess(), time, cancellationToken).ConfigureAwait(false);
            var history = await SqliteHistoryStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            return new Stores(alerts, alerts, history, DisplayPath(path), e => StoreFailures.Sqlite(e, path));
        }
        catch (Exception error) when (StoreFailures.Sqlite(error, path) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The PostgreSQL connection string from the environment variable checks.json names; never printed.</summary>
    public static string ConnectionString(SchedulerDefinition scheduler, Func<string, string?> environment) =>
        Locate(scheduler, environment).ConnectionString;

    /// <summary>The operator's line for a store failure, or null when the exception is not one.</summary>
    public InfrastructureException? Explain(Exception error) => explain(error);

    /// <summary>Runs a store operation; a store failure becomes its operator line.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception error) when (explain(error) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc cref="GuardAsync{T}(Func{Task{T}})"/>
    public Task GuardAsync(Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return GuardAsync(async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        });
    }

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static (string ConnectionString, string Where) Locate(SchedulerDefinition scheduler, Func<string, string?> environment)
    {
        var variable = scheduler.ConnectionStringEnv;
        if (variable is null || environment(variable) is not { Length: > 0 } value)
        {
            throw new InfrastructureException(
                $"{variable ?? "scheduler.connection_string_env"} is not set",
                "store.type postgres",
                "set it to the PostgreSQL connection string (Host=...;Port=...;Database=...;Username=...;Password=...)");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return (value, $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default database)"}");
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included: say only which variable is wrong.
            throw new InfrastructureException($"{variable} is not a valid PostgreSQL connection string", "store.type postgres", "write it as Host=...;Port=...;Database=...;Username=...;Password=...");
        }
    }

    /// <summary>The file as typed from here (data/state.db) when it lies below the working directory, else the full path.</summary>
    private static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
