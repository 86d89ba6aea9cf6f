using Npgsql;

namespace CustomerData.Alerts.State;

/// <summary>The transaction-scoped advisory locks the replicas coordinate with; each key is one critical section.</summary>
internal static class PostgresAdvisoryLock
{
    // Fixed keys rather than hashes of names, so an operator can find them in pg_locks (objid) and no two can collide.
    public const long Schema = 0x43_44_4D_01;
    public const long OutboxClaim = 0x43_44_4D_02;
    public const long QuartzSchema = 0x43_44_4D_03;

    /// <summary>Waits for the lock; it is released when the transaction ends, even if the process dies.</summary>
    public static async Task TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
