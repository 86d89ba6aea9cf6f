using System.Data.Common;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>
/// The settings every DuckDB connection of the monitor runs under before any user SQL (init, filters): no file or
/// URL access, no extension install or load, and the configuration locked so no statement can undo it.
/// </summary>
internal static class DuckDbSandbox
{
    // enable_external_access can be turned off at run time but never back on; lock_configuration comes last, since
    // after it no SET is accepted (TimeZone included).
    public static IReadOnlyList<string> Statements { get; } =
    [
        "SET enable_external_access = false",
        "SET autoinstall_known_extensions = false",
        "SET autoload_known_extensions = false",
        "SET lock_configuration = true",
    ];

    // Connections to the same file in one process share one database and its settings: once another connection
    // has locked them, these SETs are refused, and the lock is only accepted as proof when every setting holds.
    private const string AlreadyLocked =
        "SELECT current_setting('lock_configuration') AND NOT current_setting('enable_external_access')"
        + " AND NOT current_setting('autoinstall_known_extensions') AND NOT current_setting('autoload_known_extensions')";

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using (var check = connection.CreateCommand())
        {
            check.CommandText = AlreadyLocked;
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }

        foreach (var statement in Statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static void Apply(DbConnection connection)
    {
        using (var check = connection.CreateCommand())
        {
            check.CommandText = AlreadyLocked;
            if (check.ExecuteScalar() is true)
            {
                return;
            }
        }

        foreach (var statement in Statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }
}
