using CustomerData.Alerts.State;
using CustomerData.Checks.Values;
using Npgsql;
using NpgsqlTypes;
using static CustomerData.Alerts.State.PostgresValues;

namespace CustomerData.Monitors.History;

/// <summary>Results in PostgreSQL, shared by several replicas; the same columns as <see cref="SqliteHistoryStore"/>, instants as timestamptz.</summary>
public sealed class PostgresHistoryStore : IHistoryStore
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE results (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          check_name text NOT NULL,
          check_type text NOT NULL,
          source text NOT NULL,
          table_name text NOT NULL,
          status integer NOT NULL,
          value double precision,
          observed text NOT NULL,
          expected text NOT NULL,
          message text NOT NULL,
          duration_ms double precision NOT NULL,
          bytes_processed bigint,
          bytes_billed bigint,
          job_ids text,
          read_units double precision,
          measured_at timestamptz NOT NULL);
        CREATE INDEX results_by_check ON results (check_name, measured_at);
        CREATE INDEX results_by_time ON results (measured_at);
        """,

        // A fire recovered after a crash may record again what its dead node had already recorded: keep one.
        """
        DELETE FROM results r USING results s WHERE r.check_name = s.check_name AND r.measured_at = s.measured_at AND r.id > s.id;
        CREATE UNIQUE INDEX results_once ON results (check_name, measured_at);
        """,

        // The buckets a learned threshold trains on, kept so later runs read only the newest ones.
        """
        CREATE TABLE series (
          check_name text NOT NULL,
          bucket_start timestamptz NOT NULL,
          value double precision NOT NULL,
          PRIMARY KEY (check_name, bucket_start));
        """,

        // What a kind remembers for its next run (a schema check's columns).
        "ALTER TABLE results ADD COLUMN snapshot text;",

        // A failing check's failed-row sample (JSON), when it lists sample_columns.
        "ALTER TABLE results ADD COLUMN sample text;",

        // The learned range a check with "anomaly" was judged against, drawn as a band by the report.
        "ALTER TABLE results ADD COLUMN expected_low double precision, ADD COLUMN expected_high double precision;",
    ];

    private const string Columns =
        "check_name, check_type, source, table_name, status, value, observed, expected, message, duration_ms, bytes_processed, bytes_billed, job_ids, read_units, measured_at, snapshot, sample, expected_low, expected_high";

    private readonly NpgsqlDataSource _dataSource;

    private PostgresHistoryStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Opens the store on a long-lived data source owned by the caller, creating or migrating its table.</summary>
    public static async Task<PostgresHistoryStore> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await PostgresSchema.MigrateAsync(dataSource, "history", Steps, cancellationToken).ConfigureAwait(false);
        return new PostgresHistoryStore(dataSource);
    }

    public async Task AppendAsync(IReadOnlyList<HistoryRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        // A batch runs in one implicit transaction and one round trip: a run's results are stored together or not at all.
        await using var batch = _dataSource.CreateBatch();
        foreach (var r in records)
        {
            batch.BatchCommands.Add(Command(
                $"INSERT INTO results ({Columns}) VALUES (@check, @type, @source, @table, @status, @value, @observed, @expected, @message, @duration, @bytes, @billed, @jobs, @units, @at, @snapshot, @sample, @low, @high) ON CONFLICT (check_name, measured_at) DO NOTHING",
                Text("check", r.Check),
                Text("type", r.Type),
                Text("source", r.Source),
                Text("table", r.Table),
                Integer("status", (int)r.Status),
                Double("value", r.Value),
                Text("observed", r.Observed),
                Text("expected", r.Expected),
                Text("message", r.Message),
                Double("duration", r.DurationMs),
                Bigint("bytes", r.BytesProcessed),
                Bigint("billed", r.BytesBilled),
                Text("jobs", r.JobIds),
                Double("units", r.ReadUnits),
                Instant("at", r.MeasuredAt),
                Text("snapshot", r.Snapshot),
                Text("sample", r.Sample),
                Double("low", r.ExpectedLow),
                Double("high", r.ExpectedHigh)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<HistoryRecord>> ReadAsync(string check, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM results WHERE check_name = @check AND measured_at >= @since ORDER BY measured_at, id");
        command.Parameters.Add(Text("check", check));
        command.Parameters.Add(Instant("since", since));
        var records = new List<HistoryRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(HistoryRecord.FromRow(reader, (row, column) => Time((NpgsqlDataReader)row, column)!.Value));
        }

        return records;
    }

    public async Task<HistorySpan> ReadSpanAsync(IReadOnlyCollection<string> checks, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        const string Selected = "check_name = ANY(@checks) AND measured_at >= @since";
        var points = new Dictionary<string, List<ResultPoint>>(StringComparer.Ordinal);
        await using (var command = _dataSource.CreateCommand($"SELECT check_name, measured_at, status, value, expected_low, expected_high, CASE WHEN status <> 0 THEN observed END FROM results WHERE {Selected} ORDER BY check_name, measured_at"))
        {
            AddSpan(command, checks, since);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                HistorySpan.Add(points, reader.GetString(0), new ResultPoint(
                    Time(reader, 1)!.Value, (Checks.Engine.CheckStatus)reader.GetInt32(2), Real(reader, 3), Real(reader, 4), Real(reader, 5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var last = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
        await using (var command = _dataSource.CreateCommand($"SELECT DISTINCT ON (check_name) {Columns} FROM results WHERE {Selected} ORDER BY check_name, measured_at DESC, id DESC"))
        {
            AddSpan(command, checks, since);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = HistoryRecord.FromRow(reader, (row, column) => Time((NpgsqlDataReader)row, column)!.Value);
                last[record.Check] = record;
            }
        }

        return HistorySpan.From(points, last);
    }

    public async Task AppendSeriesAsync(IReadOnlyList<(string Check, SeriesPoint Point)> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        await using var batch = _dataSource.CreateBatch();
        foreach (var (check, point) in points)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO series (check_name, bucket_start, value) VALUES (@check, @start, @value) ON CONFLICT (check_name, bucket_start) DO UPDATE SET value = excluded.value",
                Text("check", check),
                Instant("start", point.Start),
                Double("value", point.Value)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(string check, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT bucket_start, value FROM series WHERE check_name = @check AND bucket_start >= @since ORDER BY bucket_start");
        command.Parameters.Add(Text("check", check));
        command.Parameters.Add(Instant("since", since));
        var points = new List<SeriesPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new SeriesPoint(Time(reader, 0)!.Value, reader.GetDouble(1)));
        }

        return points;
    }

    public async Task<DateTimeOffset?> LastMeasuredAsync(IReadOnlyCollection<string> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (checks.Count == 0)
        {
            return null;
        }

        // One array parameter instead of a generated IN list: one statement text, whatever the number of checks.
        await using var command = _dataSource.CreateCommand("SELECT max(measured_at) FROM results WHERE check_name = ANY(@checks)");
        command.Parameters.Add(new NpgsqlParameter("checks", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = checks.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Time(reader, 0) : null;
    }

    private static void AddSpan(NpgsqlCommand command, IReadOnlyCollection<string> checks, DateTimeOffset since)
    {
        command.Parameters.Add(new NpgsqlParameter("checks", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = checks.ToArray() });
        command.Parameters.Add(Instant("since", since));
    }

    private static double? Real(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var series = _dataSource.CreateCommand("DELETE FROM series WHERE bucket_start < @before");
        series.Parameters.Add(Instant("before", before.AddDays(-365)));
        await series.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("DELETE FROM results WHERE measured_at < @before");
        command.Parameters.Add(Instant("before", before));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
