using System.Diagnostics;
using CustomerData.Checks.Sql;
using DuckDB.NET.Data;

namespace CustomerData.Benchmarks.Support;

/// <summary>Runs one aggregate SELECT on a DuckDB connection of the benchmark's own, timing it and reading its single row.</summary>
internal static class DuckDbQuery
{
    /// <summary>Opens a file read-only with the session settings DuckDbSource uses (UTC).</summary>
    public static async Task<DuckDBConnection> OpenAsync(string file, CancellationToken cancellationToken)
    {
        var connection = new DuckDBConnection($"Data Source={file};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var session = connection.CreateCommand();
        session.CommandText = "SET TimeZone = 'UTC'";
        await session.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Runs the statement with its parameters (bound as DuckDbSource binds them); returns its time and its values.</summary>
    public static async Task<(double Milliseconds, long?[] Values)> RunAsync(DuckDBConnection connection, string sql, IReadOnlyList<SqlParameter> parameters, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.Name, parameter.Value is DateTimeOffset time ? time.UtcDateTime : parameter.Value));
        }

        var started = Stopwatch.GetTimestamp();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var values = new long?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        }

        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, values);
    }
}
