using Npgsql;

namespace CustomerData.Alerts.State;

/// <summary>
/// Numbered schema steps per component in a PostgreSQL schema_version table, like <see cref="SqliteSchema"/>;
/// several replicas may open the stores at once, so one transaction under an advisory lock applies the steps.
/// </summary>
public static class PostgresSchema
{
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string component, IReadOnlyList<string> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(steps);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // DDL is transactional in PostgreSQL: a second node waits here, then finds the steps recorded and applies none.
        await PostgresAdvisoryLock.TakeAsync(connection, transaction, PostgresAdvisoryLock.Schema, cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_version (component text PRIMARY KEY, version integer NOT NULL)", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version WHERE component = @component", connection, transaction))
        {
            read.Parameters.AddWithValue("component", component);
            current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : 0;
        }

        if (current < steps.Count)
        {
            // All missing steps in the one transaction: a failing step leaves the schema as it was, never half-migrated.
            for (var step = current; step < steps.Count; step++)
            {
                await using var apply = new NpgsqlCommand(steps[step], connection, transaction);
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_version (component, version) VALUES (@component, @version) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                connection,
                transaction);
            record.Parameters.AddWithValue("component", component);
            record.Parameters.AddWithValue("version", steps.Count);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
