using Npgsql;

namespace CustomerData.Alerts.State;

/// <summary>The PostgreSQL alert store's schema steps (state, mutes, outbox with claims); a new step is appended, never edited.</summary>
internal static class PostgresMigrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE alert_state (
          check_name text PRIMARY KEY,
          status integer NOT NULL,
          consecutive_failures integer NOT NULL,
          failing_since timestamptz,
          notified_status integer,
          last_notified_at timestamptz);
        CREATE TABLE mutes (
          check_name text PRIMARY KEY,
          until timestamptz NOT NULL,
          reason text);
        CREATE TABLE outbox (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          channel text NOT NULL,
          check_name text,
          kind text NOT NULL,
          payload text NOT NULL,
          created_at timestamptz NOT NULL,
          attempts integer NOT NULL,
          next_attempt_at timestamptz,
          last_error text,
          sent_at timestamptz,
          dropped_at timestamptz,
          claimed_by text,
          claimed_until timestamptz);
        CREATE INDEX outbox_pending ON outbox (channel, id) WHERE sent_at IS NULL AND dropped_at IS NULL;
        """,
    ];

    public static Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        PostgresSchema.MigrateAsync(dataSource, "alerts", Steps, cancellationToken);
}
