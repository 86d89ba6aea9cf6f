using Microsoft.Data.Sqlite;

namespace CustomerData.Alerts.State;

/// <summary>The store's schema, as numbered steps recorded in PRAGMA user_version; a new step is appended, never edited.</summary>
internal static class SqliteMigrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE alert_state (
          check_name TEXT PRIMARY KEY,
          status INTEGER NOT NULL,
          consecutive_failures INTEGER NOT NULL,
          failing_since TEXT,
          notified_status INTEGER,
          last_notified_at TEXT);
        CREATE TABLE mutes (
          check_name TEXT PRIMARY KEY,
          until TEXT NOT NULL,
          reason TEXT);
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          channel TEXT NOT NULL,
          check_name TEXT,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          created_at TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          next_attempt_at TEXT,
          last_error TEXT,
          sent_at TEXT,
          dropped_at TEXT);
        CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL AND dropped_at IS NULL;
        """,
    ];

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = current; step < Steps.Length; step++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Steps[step] + $"\nPRAGMA user_version = {step + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
