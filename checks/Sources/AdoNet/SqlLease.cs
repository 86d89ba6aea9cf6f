using System.Data.Common;

namespace CustomerData.Checks.Sources.AdoNet;

/// <summary>
/// A connection lent to one measurement, in the transaction the source opened for it (if any); disposing it gives the
/// connection back (ends the transaction, returns it to the pool, or releases the source's single connection).
/// </summary>
internal sealed class SqlLease(DbConnection connection, DbTransaction? transaction, Func<ValueTask> release) : IAsyncDisposable
{
    public DbConnection Connection => connection;

    public DbTransaction? Transaction => transaction;

    /// <summary>A command on the lent connection, inside its transaction.</summary>
    public DbCommand CreateCommand(string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    public ValueTask DisposeAsync() => release();
}
