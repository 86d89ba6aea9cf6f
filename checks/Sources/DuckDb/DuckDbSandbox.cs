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

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        foreach (var statement in Statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static void Apply(DbConnection connection)
    {
        foreach (var statement in Statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }
}
