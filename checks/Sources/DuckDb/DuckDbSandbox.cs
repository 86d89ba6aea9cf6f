using System.Data.Common;
using System.Globalization;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>
/// The settings every DuckDB connection of the monitor runs under before any user SQL (init, filters): UTC, no file or
/// URL access, no extension install or load, and the configuration locked so no statement can undo it.
/// </summary>
internal static class DuckDbSandbox
{
    // Setting name and the value the sandbox needs, in the order they are set. enable_external_access can be turned off
    // at run time but never back on; lock_configuration comes last, since after it no SET is accepted (TimeZone included).
    private static readonly (string Name, string Value)[] Settings =
    [
        ("TimeZone", "UTC"),
        ("enable_external_access", "false"),
        ("autoinstall_known_extensions", "false"),
        ("autoload_known_extensions", "false"),
        ("lock_configuration", "true"),
    ];

    // Memory, not safety (so not verified on a shared instance): DuckDB's allocator keeps the memory a query freed until
    // its peak passes allocator_flush_threshold (128 MB by default), which a long-lived `serve` then holds between fires.
    private static readonly (string Name, string Value)[] Memory =
    [
        ("allocator_flush_threshold", "'" + AllocatorFlushThreshold + "'"),
    ];

    /// <summary>DuckDB's allocator_flush_threshold for the monitor's connections (see the README's DuckDB section).</summary>
    public const string AllocatorFlushThreshold = "8MB";

    /// <summary>The SET statements, in order (for a fresh database instance).</summary>
    public static IReadOnlyList<string> Statements { get; } =
        [.. Memory.Concat(Settings).Select(s => s.Name == "TimeZone" ? $"SET {s.Name} = '{s.Value}'" : $"SET {s.Name} = {s.Value}")];

    // DuckDB.NET runs statements synchronously whatever the method's name, so one synchronous body serves both.
    public static Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Apply(connection);
        return Task.CompletedTask;
    }

    public static void Apply(DbConnection connection)
    {
        // Connections to one file in one process share DuckDB's database instance (serve's old and new configuration
        // during a reload): when another connection already locked it, verify it is the sandbox instead of setting it.
        if (string.Equals(Read(connection, "lock_configuration"), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (name, value) in Settings)
            {
                Verify(name, value, Read(connection, name));
            }

            return;
        }

        foreach (var statement in Statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    private static void Verify(string name, string expected, string? actual)
    {
        // DuckDB reports the UTC it was given as "Etc/UTC".
        var same = string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase)
            || (name == "TimeZone" && string.Equals("Etc/" + expected, actual, StringComparison.OrdinalIgnoreCase));
        if (!same)
        {
            throw new InvalidOperationException(
                $"this DuckDB database is already open in this process with {name} = {actual ?? "unset"}, not {expected}, and its configuration is locked");
        }
    }

    private static string? Read(DbConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT current_setting('{name}')::VARCHAR";
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
