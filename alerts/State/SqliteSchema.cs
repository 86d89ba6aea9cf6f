using Microsoft.Data.Sqlite;

namespace CustomerData.Alerts.State;

/// <summary>
/// Numbered schema steps per component, recorded in a schema_version table, so several stores (alert state,
/// history) share one SQLite file and migrate independently; a new step is appended, never edited.
/// </summary>
public static class SqliteSchema
{
    public static async Task MigrateAsync(SqliteConnection connection, string component, IReadOnlyList<string> steps, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE takes the write lock before the version is read: two processes opening one file at once
        // migrate once (the second waits, then finds the steps recorded), and a failing step leaves the schema as it was.
        await using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT version FROM schema_version WHERE component = $component";
        read.Parameters.AddWithValue("$component", component);
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0, System.Globalization.CultureInfo.InvariantCulture);
        for (var step = current; step < steps.Count; step++)
        {
            await ExecuteAsync(connection, transaction, steps[step], cancellationToken).ConfigureAwait(false);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (component, version) VALUES ($component, $version) ON CONFLICT (component) DO UPDATE SET version = excluded.version";
            record.Parameters.AddWithValue("$component", component);
            record.Parameters.AddWithValue("$version", step + 1);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
