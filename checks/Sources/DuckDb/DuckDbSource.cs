using System.Data.Common;
using CustomerData.Checks.Demo;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Sql.Filters;
using CustomerData.Checks.Sql.Queries;
using CustomerData.Checks.Values;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Sources.DuckDb;

/// <summary>
/// Measures tables of a DuckDB database with one generated SELECT per table slice. Its connection runs sandboxed
/// (<see cref="DuckDbSandbox"/>) before init, and only filters DuckDB's parser proved reach SQL.
/// </summary>
internal sealed class DuckDbSource(DuckDbSourceDefinition definition, SourceEnvironment environment, FilterProof filters, QueryProof queries) : IDataSource
{
    private readonly SqlQueryBuilder _builder = new(DuckDbDialect.Instance);
    private readonly SqlQueryBuilder _literalBuilder = new(DuckDbDialect.Instance, literals: true);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _connection;

    public IReadOnlyList<string> Describe(TableMeasurement measurement) =>
        filters.Check(measurement) is { } refusal ? ["-- not run, " + refusal]
        : queries.Check(measurement) is { } refused ? ["-- not run, query refused: " + refused]
        : [.. _builder.Build(measurement).Select(statement => statement.Describe())];

    public string Reproduce(TableMeasurement measurement) =>
        string.Join("\n\n", _literalBuilder.Build(measurement).Select(statement => statement.Describe()));

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        filters.EnsureProven(measurement);
        queries.EnsureProven(measurement);
        var values = new long?[measurement.Measures.Count];
        var typed = new Dictionary<int, MeasuredValue>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in _builder.Build(measurement))
            {
                await ExecuteAsync(connection, statement, measurement.Measures, values, typed, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        // Aggregates arrive as whole numbers; a table's columns and a query's numbers are typed as they are read.
        return new MeasurementResult([.. measurement.Measures.Select((measure, i) => typed.TryGetValue(i, out var read) ? read : measure.Function.Typed(values[i]))]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private static async Task ExecuteAsync(
        DuckDBConnection connection, SqlStatement statement, IReadOnlyList<Measure> measures, long?[] values, Dictionary<int, MeasuredValue> typed, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var parameter in statement.Parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter.Name, ToDuckDb(parameter.Value)));
        }

        // DuckDB.NET runs queries synchronously; Cancel() interrupts the running query in the engine,
        // so a timeout stops the scan instead of abandoning a thread that keeps reading.
        using var registration = cancellationToken.Register(command.Cancel);
        await Task.Run(
            () =>
            {
                using var reader = command.ExecuteReader();
                switch (statement.Shape)
                {
                    case StatementShape.Columns:
                        typed[statement.MeasureIndexes[0]] = ReadColumns(reader);
                        return;
                    case StatementShape.QueryRow:
                        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                        object?[]? first = reader.Read() ? [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)] : null;
                        var read = QueryRowReader.Read(names, first, first is not null && reader.Read(), [.. statement.MeasureIndexes.Select(i => measures[i])]);
                        for (var i = 0; i < read.Count; i++)
                        {
                            typed[statement.MeasureIndexes[i]] = read[i];
                        }

                        return;
                }

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

    // information_schema.columns: one row per column, in table order; none when the table does not exist.
    private static MeasuredValue ReadColumns(DbDataReader reader)
    {
        var types = DuckDbDialect.Instance.Types;
        var columns = new List<ColumnType>();
        while (reader.Read())
        {
            columns.Add(new ColumnType(reader.GetString(0), types.Canonical(reader.GetString(1))));
        }

        return columns.Count == 0 ? MeasuredValue.Missing : new ColumnsValue(columns) { Types = types };
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
