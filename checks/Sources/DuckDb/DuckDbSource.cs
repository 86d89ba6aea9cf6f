using System.Data.Common;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>
/// Measures tables of a DuckDB database with one generated SELECT per table slice. Its connection runs sandboxed
/// (<see cref="DuckDbSandbox"/>) before init, and only filters DuckDB's parser proved reach SQL.
/// </summary>
internal sealed class DuckDbSource(DuckDbSourceDefinition definition, SourceEnvironment environment, FilterProof filters) : IDataSource, ISampleSource
{
    /// <summary>
    /// The relative error DuckDB states for approx_count_distinct: its HyperLogLog keeps 64 registers, and
    /// HyperLogLog::GetErrorRate() is sqrt(pi / 2) / sqrt(64) (duckdb/duckdb, src/include/duckdb/common/types/hyperloglog.hpp).
    /// </summary>
    internal const double ApproxRelativeError = 0.1567;

    private readonly SqlQueryBuilder _builder = new(DuckDbDialect.Instance);
    private readonly SqlQueryBuilder _literalBuilder = new(DuckDbDialect.Instance, literals: true);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _connection;

    public IReadOnlyList<string> Describe(TableMeasurement measurement) =>
        filters.Check(measurement) is { } refusal
            ? ["-- not run, " + refusal]
            : [.. _builder.Build(measurement).Select(statement => statement.Describe())];

    public string Reproduce(TableMeasurement measurement) =>
        string.Join("\n\n", _literalBuilder.Build(measurement).Select(statement => statement.Describe()));

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        filters.EnsureProven(measurement);
        var values = new long?[measurement.Measures.Count];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in _builder.Build(measurement))
            {
                await ExecuteAsync(connection, statement, values, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return MeasurementResult.FromRaw(measurement.Measures, values).WithEstimates(measurement.Measures, ApproxRelativeError);
    }

    public string DescribeSample(SampleRequest request) =>
        filters.Check(request.Predicates()) is { } refusal ? "-- not run, " + refusal : _literalBuilder.BuildSample(request).Describe();

    public async Task<IReadOnlyList<IReadOnlyList<string?>>> SampleAsync(SampleRequest request, Definitions.CheckDefinition check, CancellationToken cancellationToken)
    {
        filters.EnsureProven(request);
        var statement = _builder.BuildSample(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            using var command = Command(connection, statement);
            using var registration = cancellationToken.Register(command.Cancel);
            var rows = await Task.Run(
                () =>
                {
                    using var reader = command.ExecuteReader();
                    var read = new List<IReadOnlyList<string?>>();
                    while (read.Count < request.Limit && reader.Read())
                    {
                        read.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
                    }

                    return read;
                },
                cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return rows;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private static DuckDBCommand Command(DuckDBConnection connection, SqlStatement statement)
    {
        var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var parameter in statement.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.Name, ToDuckDb(parameter.Value)));
        }

        return command;
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, SqlStatement statement, long?[] values, CancellationToken cancellationToken)
    {
        using var command = Command(connection, statement);

        // DuckDB.NET runs queries synchronously; Cancel() interrupts the running query in the engine,
        // so a timeout stops the scan instead of abandoning a thread that keeps reading.
        using var registration = cancellationToken.Register(command.Cancel);
        await Task.Run(
            () =>
            {
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return;
                }

                for (var column = 0; column < statement.MeasureIndexes.Count; column++)
                {
                    values[statement.MeasureIndexes[column]] = reader.IsDBNull(column) ? null : Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    // TIMESTAMP columns hold UTC; parameters travel as UTC DateTime and the session time zone is UTC,
    // so TIMESTAMPTZ columns compare correctly too.
    private static object ToDuckDb(object value) => value is DateTimeOffset time ? time.UtcDateTime : value;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Callers hold _gate.
    private async Task<DuckDBConnection> ConnectOnceAsync(CancellationToken cancellationToken) =>
        _connection ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);

    private async Task<DuckDBConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var inMemory = definition.Path == DuckDbSourceDefinition.InMemory;
        var path = inMemory ? definition.Path : System.IO.Path.GetFullPath(definition.Path, System.IO.Path.GetFullPath(environment.BaseDirectory));
        if (definition.Demo)
        {
            await DemoWarehouse.EnsureCurrentAsync(path, environment.Time, environment.Progress, cancellationToken).ConfigureAwait(false);
        }
        else if (!inMemory && !File.Exists(path))
        {
            throw new FileNotFoundException($"DuckDB database file {path} does not exist");
        }

        var connection = new DuckDBConnection(inMemory ? "Data Source=:memory:" : $"Data Source={path};ACCESS_MODE=READ_ONLY");
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Before init, so init too can build tables only from SQL: no file, URL, ATTACH, COPY or extension.
            await DuckDbSandbox.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var statement in definition.Init)
            {
                await RunAsync(connection, statement, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    private static async Task RunAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
