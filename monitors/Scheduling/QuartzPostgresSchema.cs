using System.Text.RegularExpressions;
using CustomerData.Alerts.State;
using Npgsql;
using NpgsqlTypes;

namespace CustomerData.Monitors.Scheduling;

/// <summary>Creates Quartz's clustered job store tables (default qrtz_ prefix) in a database that has none of them yet.</summary>
internal static partial class QuartzPostgresSchema
{
    public const string ResourceName = "Scheduling/quartz_tables_postgres.sql";

    private static readonly string Script = LoadScript();

    /// <summary>The tables the script creates, in its order.</summary>
    public static IReadOnlyList<string> Tables { get; } = [.. CreateTable().Matches(Script).Select(m => m.Groups[1].Value)];

    /// <summary>
    /// Applies the DDL when no qrtz_ table exists and returns true; otherwise changes nothing and returns false. An existing
    /// schema, even an older one, is left to Quartz's start-up validation, which names the migration scripts it lacks.
    /// Safe when several nodes start at once.
    /// </summary>
    public static async Task<bool> EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The second node to start waits here until the first commits, then finds the tables and leaves them alone.
        await PostgresAdvisoryLock.TakeAsync(connection, transaction, PostgresAdvisoryLock.QuartzSchema, cancellationToken).ConfigureAwait(false);
        await using (var existing = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY(@names)",
            connection,
            transaction))
        {
            existing.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Tables.ToArray() });
            if (await existing.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is > 0L)
            {
                return false;
            }
        }

        await using (var create = new NpgsqlCommand(Script, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The embedded DDL, as committed.</summary>
    internal static string LoadScript()
    {
        using var stream = typeof(QuartzPostgresSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^CREATE TABLE (?:IF NOT EXISTS )?(\w+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();
}
