using System.Net.Sockets;

namespace CustomerData.Monitors.Cli;

/// <summary>One line for an error that ends a command: what failed, the error's own words (they say where), what to check. Never a stack trace.</summary>
internal static class FatalError
{
    public static string Line(string what, Exception error)
    {
        if (error is Composition.InfrastructureException infrastructure)
        {
            // Already one line that says what failed, where, and what to check.
            return infrastructure.Message;
        }

        if (error is Alerts.DogStatsd.DogStatsdAddressException address)
        {
            return address.Line;
        }

        var message = string.Join(" ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"error: {what}, {message} ({error.GetType().Name}): {Hint(error)}";
    }

    private static string Hint(Exception error)
    {
        var chain = new List<Exception>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        if (chain.Any(e => e is SocketException))
        {
            return "check that no other process listens on that address (--health-port, --health-host)";
        }

        if (chain.Any(e => e is Npgsql.NpgsqlException))
        {
            return "check the PostgreSQL server and the connection string in scheduler.connection_string_env";
        }

        return chain.Any(e => e is Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException or IOException)
            ? "check that the data directory (--data-dir) is a directory this user can write"
            : "see the log above";
    }
}
