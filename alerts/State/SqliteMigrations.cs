using Microsoft.Data.Sqlite;

namespace CustomerData.Alerts.State;

/// <summary>The alert store's schema steps (state, mutes, outbox with claims); a new step is appended, never edited.</summary>
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
        // Claims with a lease, as in PostgreSQL: two processes on one data directory never post one message twice.
        """
        ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
        ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
        CREATE INDEX outbox_channel_pending ON outbox (channel, id) WHERE sent_at IS NULL AND dropped_at IS NULL;
        """,
        // One instant format for every SQLite store (SqliteInstant): the alert store wrote +00:00 where history wrote Z.
        """
        UPDATE alert_state SET failing_since = replace(failing_since, '+00:00', 'Z'), last_notified_at = replace(last_notified_at, '+00:00', 'Z');
        UPDATE mutes SET until = replace(until, '+00:00', 'Z');
        UPDATE outbox SET created_at = replace(created_at, '+00:00', 'Z'), next_attempt_at = replace(next_attempt_at, '+00:00', 'Z'),
          sent_at = replace(sent_at, '+00:00', 'Z'), dropped_at = replace(dropped_at, '+00:00', 'Z'), claimed_until = replace(claimed_until, '+00:00', 'Z');
        """,
    ];

    public static Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        SqliteSchema.MigrateAsync(connection, "alerts", Steps, cancellationToken);
}
