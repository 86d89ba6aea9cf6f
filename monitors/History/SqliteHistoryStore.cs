using CustomerData.Alerts.State;
using CustomerData.Checks.Values;
using Microsoft.Data.Sqlite;

namespace CustomerData.Monitors.History;

/// <summary>Results in the same SQLite file as the alert state (the embedded default).</summary>
public sealed class SqliteHistoryStore : IHistoryStore
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE results (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          check_name TEXT NOT NULL,
          check_type TEXT NOT NULL,
          source TEXT NOT NULL,
          table_name TEXT NOT NULL,
          status INTEGER NOT NULL,
          value REAL,
          observed TEXT NOT NULL,
          expected TEXT NOT NULL,
          message TEXT NOT NULL,
          duration_ms REAL NOT NULL,
          bytes_processed INTEGER,
          bytes_billed INTEGER,
          job_ids TEXT,
          read_units REAL,
          measured_at TEXT NOT NULL);
        CREATE INDEX results_by_check ON results (check_name, measured_at);
        CREATE INDEX results_by_time ON results (measured_at);
        """,

        // A fire recovered after a crash may record again what its dead node had already recorded: keep one.
        """
        DELETE FROM results WHERE id NOT IN (SELECT min(id) FROM results GROUP BY check_name, measured_at);
        CREATE UNIQUE INDEX results_once ON results (check_name, measured_at);
        """,

        // The buckets a learned threshold trains on, kept so later runs read only the newest ones.
        """
        CREATE TABLE series (
          check_name TEXT NOT NULL,
          bucket_start TEXT NOT NULL,
          value REAL NOT NULL,
          PRIMARY KEY (check_name, bucket_start));
        """,

        // What a kind remembers for its next run (a schema check's columns).
        "ALTER TABLE results ADD COLUMN snapshot TEXT;",

        // A failing check's failed-row sample (JSON), when it lists sample_columns.
        "ALTER TABLE results ADD COLUMN sample TEXT;",

        // The learned range a check with "anomaly" was judged against, drawn as a band by the report.
        "ALTER TABLE results ADD COLUMN expected_low REAL; ALTER TABLE results ADD COLUMN expected_high REAL;",
    ];

    private static readonly string[] ParameterNames =
        ["$check", "$type", "$source", "$table", "$status", "$value", "$observed", "$expected", "$message", "$duration", "$bytes", "$billed", "$jobs", "$units", "$at", "$snapshot", "$sample", "$low", "$high"];

    private readonly string _connectionString;

    private SqliteHistoryStore(string path) =>
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();

    public static async Task<SqliteHistoryStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var store = new SqliteHistoryStore(path);
        await using var connection = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await SqliteSchema.MigrateAsync(connection, "history", Steps, cancellationToken).ConfigureAwait(false);
        return store;
    }

    public async Task AppendAsync(IReadOnlyList<HistoryRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO results (check_name, check_type, source, table_name, status, value, observed, expected, message, duration_ms, bytes_processed, bytes_billed, job_ids, read_units, measured_at, snapshot, sample, expected_low, expected_high)
            VALUES ($check, $type, $source, $table, $status, $value, $observed, $expected, $message, $duration, $bytes, $billed, $jobs, $units, $at, $snapshot, $sample, $low, $high)
            """;
        var parameters = ParameterNames.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        foreach (var r in records)
        {
            object?[] values = [r.Check, r.Type, r.Source, r.Table, (int)r.Status, r.Value, r.Observed, r.Expected, r.Message, r.DurationMs, r.BytesProcessed, r.BytesBilled, r.JobIds, r.ReadUnits, Text(r.MeasuredAt), r.Snapshot, r.Sample, r.ExpectedLow, r.ExpectedHigh];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<HistoryRecord>> ReadAsync(string check, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT check_name, check_type, source, table_name, status, value, observed, expected, message, duration_ms, bytes_processed, bytes_billed, job_ids, read_units, measured_at, snapshot, sample, expected_low, expected_high
            FROM results WHERE check_name = $check AND measured_at >= $since ORDER BY measured_at, id
            """;
        command.Parameters.AddWithValue("$check", check);
        command.Parameters.AddWithValue("$since", Text(since));
        var records = new List<HistoryRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(HistoryRecord.FromRow(reader, (row, column) => Time(row.GetString(column))));
        }

        return records;
    }

    public async Task<HistorySpan> ReadSpanAsync(IReadOnlyCollection<string> checks, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var ordered = checks.ToList();
        var names = System.Text.Json.JsonSerializer.Serialize(ordered);

        // The points of a long span are millions of rows, and reading a row costs more in .NET than in SQLite: the checks
        // are read in slices, one connection and one core each (readers do not block one another).
        var lists = new List<ResultPoint>?[ordered.Count];
        var slices = ordered.Count < 64 ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4);
        var size = (ordered.Count + slices - 1) / slices;
        var reads = Enumerable.Range(0, slices).Select(slice => Task.Run(
            () => ReadPoints(ordered, slice * size, Math.Min(ordered.Count, (slice + 1) * size), since, lists, cancellationToken), cancellationToken)).ToList();
        var last = ReadNewestAsync(names, since, cancellationToken);
        await Task.WhenAll([.. reads, last]).ConfigureAwait(false);

        var points = new Dictionary<string, List<ResultPoint>>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (lists[i] is { } list)
            {
                HistorySpan.InTimeOrder(list);
                points[ordered[i]] = list;
            }
        }

        return HistorySpan.From(points, await last.ConfigureAwait(false));
    }

    /// <summary>
    /// Each check's newest result in the span, in full: one seek per check to the end of its entries in the
    /// (check_name, measured_at) index, instead of grouping every result of the span (0.6 s of CPU for 2.97 M rows).
    /// </summary>
    private async Task<Dictionary<string, HistoryRecord>> ReadNewestAsync(string names, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var last = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT r.check_name, r.check_type, r.source, r.table_name, r.status, r.value, r.observed, r.expected, r.message, r.duration_ms, r.bytes_processed,
                  r.bytes_billed, r.job_ids, r.read_units, r.measured_at, r.snapshot, r.sample, r.expected_low, r.expected_high
                FROM json_each($checks) j JOIN results r ON r.rowid = (
                  SELECT n.rowid FROM results n WHERE n.check_name = j.value AND n.measured_at >= $since ORDER BY n.measured_at DESC LIMIT 1)
                """;
            command.Parameters.AddWithValue("$since", Text(since));
            command.Parameters.AddWithValue("$checks", names);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = HistoryRecord.FromRow(reader, (row, column) => Time(row.GetString(column)));
                last[record.Check] = record;
            }
        }

        return last;
    }

    /// <summary>
    /// The points of checks [from, to) of the list, into their places in <paramref name="lists"/>. Each row names its
    /// check by its place in the slice's array, and its instant in Unix milliseconds (SQLite's own julianday keeps
    /// milliseconds) times 8 plus its status (0 to 3) in one integer: no string per row to allocate, hash or parse, and
    /// one column fewer to fetch three million times. The loop over the array seeks each check's results in
    /// time order in the index; no sort is asked for. Rows are read synchronously: Microsoft.Data.Sqlite has no
    /// asynchronous I/O, and its ReadAsync only adds a task per row.
    /// </summary>
    private void ReadPoints(List<string> checks, int from, int to, DateTimeOffset since, List<ResultPoint>?[] lists, CancellationToken cancellationToken)
    {
        if (from >= to)
        {
            return;
        }

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT j.key, CAST(round((julianday(r.measured_at) - 2440587.5) * 86400000.0) AS INTEGER) * 8 + r.status, r.value,
              r.expected_low, r.expected_high, CASE WHEN r.status <> 0 THEN r.observed END
            FROM json_each($checks) j JOIN results r ON r.check_name = j.value AND r.measured_at >= $since
            """;
        command.Parameters.AddWithValue("$since", Text(since));
        command.Parameters.AddWithValue("$checks", System.Text.Json.JsonSerializer.Serialize(checks.GetRange(from, to - from)));
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            if (++rows % 65_536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var list = lists[from + reader.GetInt32(0)] ??= [];
            var instant = reader.GetInt64(1);
            list.Add(new ResultPoint(
                DateTimeOffset.FromUnixTimeMilliseconds(instant >> 3), (Checks.Engine.CheckStatus)(instant & 7), Real(reader, 2),
                Real(reader, 3), Real(reader, 4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
    }

    public async Task AppendSeriesAsync(IReadOnlyList<(string Check, SeriesPoint Point)> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return;
        }

        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO series (check_name, bucket_start, value) VALUES ($check, $start, $value) ON CONFLICT (check_name, bucket_start) DO UPDATE SET value = excluded.value";
        var check = command.Parameters.Add(new SqliteParameter { ParameterName = "$check" });
        var start = command.Parameters.Add(new SqliteParameter { ParameterName = "$start" });
        var value = command.Parameters.Add(new SqliteParameter { ParameterName = "$value" });
        foreach (var (name, point) in points)
        {
            (check.Value, start.Value, value.Value) = (name, Text(point.Start), point.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(string check, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT bucket_start, value FROM series WHERE check_name = $check AND bucket_start >= $since ORDER BY bucket_start";
        command.Parameters.AddWithValue("$check", check);
        command.Parameters.AddWithValue("$since", Text(since));
        var points = new List<SeriesPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new SeriesPoint(Time(reader.GetString(0)), reader.GetDouble(1)));
        }

        return points;
    }

    public async Task<DateTimeOffset?> LastMeasuredAsync(IReadOnlyCollection<string> checks, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return null;
        }

        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        var names = checks.Select((name, i) => (Name: name, Parameter: "$c" + i)).ToList();
        command.CommandText = $"SELECT max(measured_at) FROM results WHERE check_name IN ({string.Join(", ", names.Select(n => n.Parameter))})";
        foreach (var (name, parameter) in names)
        {
            command.Parameters.AddWithValue(parameter, name);
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string last ? Time(last) : null;
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM series WHERE bucket_start < $series; DELETE FROM results WHERE measured_at < $before";
        command.Parameters.AddWithValue("$before", Text(before));
        command.Parameters.AddWithValue("$series", Text(before.AddDays(-365)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    // Fixed-width UTC text sorts the same as the instants it holds, so range queries work on the index.
    private static string Text(DateTimeOffset time) => SqliteInstant.Text(time);

    private static DateTimeOffset Time(string text) => SqliteInstant.Parse(text);

    private static double? Real(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);
}
