using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CustomerData.Monitors.Composition;

/// <summary>
/// Turns a store's exceptions into one line for an operator: what failed, where (host:port/database or the file,
/// never a password), what to check. Anything it does not recognise is left alone (null).
/// </summary>
internal static class StoreFailures
{
    // SQLite result codes: https://sqlite.org/rescode.html
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <param name="where">host:port/database of PostgreSQL.</param>
    /// <param name="variable">The variable holding the connection string.</param>
    public static InfrastructureException? Postgres(Exception error, string where, string variable) => error switch
    {
        InfrastructureException known => known,
        PostgresException { SqlState: "28P01" or "28000" } refused => new(
            $"PostgreSQL refused the login ({refused.MessageText})", where, $"check the user and password in the connection string in {variable}", error),
        PostgresException { SqlState: "3D000" } => new(
            "the PostgreSQL database does not exist", where, $"create it, or fix the database in the connection string in {variable}", error),
        PostgresException { SqlState: "42501" } denied => new(
            $"PostgreSQL denied the account a right ({denied.MessageText})", where, "the account needs CREATE rights on first start, then read and write on the monitor's tables", error),
        PostgresException other => new(
            $"PostgreSQL failed ({other.SqlState}: {other.MessageText})", where, "check the server's log", error),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } connect => new(
            $"cannot connect to PostgreSQL ({connect.InnerException!.Message})", where, $"check that the server runs and accepts connections there, and the host and port in {variable}", error),
        NpgsqlException other => new(
            $"PostgreSQL failed ({other.Message})", where, $"check that the server runs there and the connection string in {variable}", error),
        _ => null,
    };

    /// <param name="path">The state.db file.</param>
    public static InfrastructureException? Sqlite(Exception error, string path) => error switch
    {
        InfrastructureException known => known,
        SqliteException { SqliteErrorCode: SqliteNotADatabase or SqliteCorrupt } corrupt => new(
            $"the state store is not a readable SQLite database ({Reason(corrupt)})", path,
            "move it aside to start with empty alert state, mutes, outbox and history, or restore a backup", error),
        SqliteException { SqliteErrorCode: SqliteReadOnly or SqliteCantOpen or SqliteIoError or SqliteFull } io => new(
            $"cannot open or write the state store ({Reason(io)})", path,
            $"check that {Path.GetDirectoryName(path)} exists, has space, and this user may write there (--data-dir chooses another)", error),
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } busy => new(
            $"the state store stayed locked ({Reason(busy)})", path, "another process holds it for too long: look for a stuck monitor process", error),
        SqliteException other => new($"SQLite failed ({Reason(other)})", path, "check the file and the disk", error),
        UnauthorizedAccessException or IOException => new(
            $"cannot create the data directory ({error.Message})", Path.GetDirectoryName(path) ?? path,
            "check that this user may write there (--data-dir chooses another)", error),
        _ => null,
    };

    private static string Reason(SqliteException error) =>
        error.Message.Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal).TrimEnd('.');
}
