using System.Globalization;
using CustomerData.Checks.Engine;
using Microsoft.Data.Sqlite;

namespace CustomerData.Tests.Soak;

/// <summary>One stored result (monitors/History: table results).</summary>
internal sealed record HistoryRow(string Check, CheckStatus Status, DateTimeOffset MeasuredAt);

/// <summary>One outbox row (alerts/State: table outbox); CreatedAt is the run's schedule slot.</summary>
internal sealed record OutboxRow(
    long Id,
    string Channel,
    string? Check,
    string Kind,
    string Payload,
    DateTimeOffset CreatedAt,
    int Attempts,
    string? LastError,
    DateTimeOffset? SentAt,
    DateTimeOffset? DroppedAt);

/// <summary>Reads the monitor's state.db as an operator's sqlite3 would: history and outbox, nothing else.</summary>
internal static class SoakStateDb
{
    public static async Task<IReadOnlyList<HistoryRow>> HistoryAsync(string path) =>
        await QueryAsync(path, "SELECT check_name, status, measured_at FROM results ORDER BY measured_at, id",
            r => new HistoryRow(r.GetString(0), (CheckStatus)r.GetInt32(1), Time(r, 2)!.Value));

    public static async Task<IReadOnlyList<OutboxRow>> OutboxAsync(string path) =>
        await QueryAsync(
            path,
            "SELECT id, channel, check_name, kind, payload, created_at, attempts, last_error, sent_at, dropped_at FROM outbox ORDER BY id",
            r => new OutboxRow(
                r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4), Time(r, 5)!.Value,
                r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), Time(r, 8), Time(r, 9)));

    /// <summary>Messages neither sent nor dropped; 0 before the monitor created its tables.</summary>
    public static async Task<int> PendingAsync(string path)
    {
        try
        {
            const string Pending = "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL";
            return (await QueryAsync(path, Pending, r => r.GetInt32(0))).Single();
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(string path, string sql, Func<SqliteDataReader, T> map)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column)
            ? null
            : DateTimeOffset.Parse(
                reader.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
